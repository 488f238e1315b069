import { CopyOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { useAuth } from '../../auth/AuthContext.js';
import { hasPermission } from '../../auth/permissions.js';
import { LoadError } from '../../components/LoadError.js';
import { TemplateEditor, type TemplateDefinition } from './TemplateEditor.js';

// The list of tag templates, ready and the shop's own. Users who may change settings copy
// any template into a new one of their own, and edit or delete their own.

interface TemplateRow {
  name: string;
  description: { ja: string; en: string };
  labelWidthMm: number;
  labelHeightMm: number;
  labelsPerPage: number;
  dpi: number;
  barcodeKind: string | null;
  custom: boolean;
}

type Editing = { definition: TemplateDefinition; existing: boolean };

export function TemplatesPanel() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const { modal } = App.useApp();
  const reportError = useErrorReporter();
  const canChange = hasPermission(user, 'settings.change');
  const { data, error, loading, reload } = useApiQuery<{ templates: TemplateRow[] }>('/api/price-tags/templates');
  const [editing, setEditing] = useState<Editing>();
  const locale = i18n.language === 'en' ? 'en' : 'ja';

  const open = async (row: TemplateRow, copy: boolean) => {
    try {
      const { definition } = await api.get<{ definition: TemplateDefinition }>(`/api/price-tags/templates/${encodeURIComponent(row.name)}`);
      const name = copy ? `${row.name}-copy`.slice(0, 40) : row.name;
      setEditing({ definition: { ...definition, name }, existing: !copy });
    } catch (cause) {
      reportError(cause);
    }
  };

  const remove = (row: TemplateRow) =>
    modal.confirm({
      title: t('tagTemplates.deleteConfirm', { name: row.name }),
      okButtonProps: { danger: true },
      okText: t('tagTemplates.delete'),
      onOk: async () => {
        try {
          await api.delete(`/api/price-tags/templates/${encodeURIComponent(row.name)}`);
          reload();
        } catch (cause) {
          reportError(cause);
        }
      },
    });

  const columns: TableColumnsType<TemplateRow> = [
    { title: t('tagTemplates.name'), dataIndex: 'name', render: (name: string, row) => <Space>{name}{row.custom && <Tag color="blue">{t('tagTemplates.custom')}</Tag>}</Space> },
    { title: t('tagTemplates.description'), render: (_, row) => row.description[locale] },
    { title: t('tagTemplates.labelSize'), render: (_, row) => `${row.labelWidthMm} × ${row.labelHeightMm} mm` },
    { title: t('tagTemplates.perPage'), dataIndex: 'labelsPerPage', align: 'right' },
    { title: t('tagTemplates.dpi'), dataIndex: 'dpi', align: 'right' },
    { title: t('tagTemplates.barcode'), dataIndex: 'barcodeKind', render: (kind: string | null) => (kind ? t(`tagTemplates.barcodeKinds.${kind}`) : '-') },
  ];
  if (canChange) {
    columns.push({
      title: t('tagTemplates.actions'),
      render: (_, row) => (
        <Space>
          <Button size="small" icon={<CopyOutlined />} onClick={() => open(row, true)} data-testid={`template-copy-${row.name}`}>
            {t('tagTemplates.copy')}
          </Button>
          {row.custom && (
            <>
              <Button size="small" icon={<EditOutlined />} onClick={() => open(row, false)} data-testid={`template-edit-${row.name}`}>
                {t('tagTemplates.edit')}
              </Button>
              <Button size="small" danger icon={<DeleteOutlined />} onClick={() => remove(row)} data-testid={`template-delete-${row.name}`}>
                {t('tagTemplates.delete')}
              </Button>
            </>
          )}
        </Space>
      ),
    });
  }

  if (error) return <LoadError error={error} onRetry={reload} />;
  return (
    <>
      <Table<TemplateRow> rowKey="name" size="small" loading={loading} columns={columns} dataSource={data?.templates ?? []} pagination={false} scroll={{ x: true }} data-testid="templates-table" />
      {editing && (
        <TemplateEditor
          definition={editing.definition}
          existing={editing.existing}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            reload();
          }}
        />
      )}
    </>
  );
}
