import { PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Radio, Select, Typography, type ButtonProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadPostedFile } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { useCan } from '../../auth/AuthContext.js';
import type { BarcodeKind, TagPrintSource, TagTemplate } from './types.js';

interface PrintValues {
  template: string;
  /** 'template' keeps the template's own barcode kind. */
  barcodeKind: BarcodeKind | 'template';
  format: 'pdf' | 'zpl';
  /** Font stored on a Zebra printer for Japanese text, e.g. E:NOTOJP.TTF. */
  zplFont?: string;
}

/** Browser storage key of the last template used, so a store's usual tag stock comes first. */
const LAST_TEMPLATE_KEY = 'tsunagu.priceTags.template';

function lastTemplate(): string | null {
  try {
    return window.localStorage.getItem(LAST_TEMPLATE_KEY);
  } catch {
    return null;
  }
}

interface PrintTagsDialogProps {
  source: TagPrintSource;
  /** Pieces to print, shown in the dialog; the length of `stockNumbers` when left out. */
  pieceCount?: number;
  onClose: () => void;
  /** Called after the file was downloaded, so a list of stale tags can reload. */
  onPrinted?: () => void;
}

/**
 * Renders the print dialog: template (with its label size and labels per page), barcode kind
 * and file format. OK posts to the print API and downloads the PDF or ZPL file it returns.
 */
export function PrintTagsDialog({ source, pieceCount, onClose, onPrinted }: PrintTagsDialogProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'ja';
  const { data } = useApiQuery<{ templates: TagTemplate[] }>('/api/price-tags/templates');
  const [form] = Form.useForm<PrintValues>();
  const [printing, setPrinting] = useState(false);
  const reportError = useErrorReporter();
  const { message } = App.useApp();
  const canSeeCost = useCan()('cost.view');
  const count = pieceCount ?? ('stockNumbers' in source ? source.stockNumbers.length : 0);
  const chosenName = Form.useWatch('template', form);
  const format = Form.useWatch('format', form);
  const chosen = data?.templates.find((template) => template.name === chosenName);
  // Kinds whose code would be too small to scan on the chosen template are not offered, and a
  // sheet template goes to an office printer as PDF, not to a Zebra printer.
  const offeredKinds = chosen?.barcodeKinds ?? [];
  const isSheet = (chosen?.labelsPerPage ?? 1) > 1;

  useEffect(() => {
    const kind = form.getFieldValue('barcodeKind') as PrintValues['barcodeKind'] | undefined;
    if (chosen && kind && kind !== 'template' && !chosen.barcodeKinds.includes(kind)) form.setFieldValue('barcodeKind', 'template');
    if (chosen && chosen.labelsPerPage > 1 && form.getFieldValue('format') === 'zpl') form.setFieldValue('format', 'pdf');
  }, [chosen, form]);

  useEffect(() => {
    if (!data || form.getFieldValue('template')) return;
    const remembered = lastTemplate();
    const initial = data.templates.find((template) => template.name === remembered) ?? data.templates[0];
    if (initial) form.setFieldValue('template', initial.name);
  }, [data, form]);

  const print = async (values: PrintValues) => {
    setPrinting(true);
    try {
      const body = {
        template: values.template,
        format: values.format,
        ...(values.barcodeKind === 'template' ? {} : { barcodeKind: values.barcodeKind }),
        ...(values.format === 'zpl' && values.zplFont?.trim() ? { zplFont: values.zplFont.trim() } : {}),
        ...source,
      };
      await downloadPostedFile('/api/price-tags/print', body, `price-tags.${values.format}`);
      try {
        window.localStorage.setItem(LAST_TEMPLATE_KEY, values.template);
      } catch {
        // A browser that blocks storage only loses the remembered template.
      }
      void message.success(t('priceTags.dialog.printed', { count }));
      onPrinted?.();
      onClose();
    } catch (error) {
      reportError(error);
    } finally {
      setPrinting(false);
    }
  };

  return (
    <Modal
      open
      title={t('priceTags.dialog.title')}
      okText={t('priceTags.dialog.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={printing}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
      okButtonProps={{ 'data-testid': 'print-tags-ok' } as ButtonProps}
    >
      <Typography.Paragraph data-testid="print-tags-summary">
        {'purchaseId' in source ? t('priceTags.dialog.purchasePieces', { count }) : t('priceTags.dialog.pieces', { count })}
      </Typography.Paragraph>
      {!canSeeCost && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('priceTags.dialog.noCostCode')} />}
      <Form<PrintValues> form={form} layout="vertical" initialValues={{ barcodeKind: 'template', format: 'pdf' }} onFinish={(values) => void print(values)} data-testid="print-tags-form">
        <Form.Item name="template" label={t('priceTags.dialog.template')} rules={[{ required: true }]}>
          <Select
            loading={!data}
            data-testid="print-tags-template"
            options={(data?.templates ?? []).map((template) => ({
              value: template.name,
              label: t('priceTags.dialog.templateOption', {
                description: template.description[language],
                width: template.labelWidthMm,
                height: template.labelHeightMm,
                count: template.labelsPerPage,
              }),
            }))}
          />
        </Form.Item>
        <Form.Item name="barcodeKind" label={t('priceTags.dialog.barcode')} extra={t('priceTags.dialog.barcodeHint')}>
          <Radio.Group
            data-testid="print-tags-barcode"
            options={[
              { value: 'template', label: t('priceTags.dialog.barcodeTemplate') },
              { value: 'code128', label: t('priceTags.dialog.code128'), disabled: !offeredKinds.includes('code128') },
              { value: 'ean13', label: t('priceTags.dialog.ean13'), disabled: !offeredKinds.includes('ean13') },
              { value: 'qr', label: t('priceTags.dialog.qr'), disabled: !offeredKinds.includes('qr') },
            ]}
          />
        </Form.Item>
        <Form.Item name="format" label={t('priceTags.dialog.format')}>
          <Radio.Group
            data-testid="print-tags-format"
            options={[
              { value: 'pdf', label: t('priceTags.dialog.pdf') },
              { value: 'zpl', label: t('priceTags.dialog.zpl'), disabled: isSheet },
            ]}
          />
        </Form.Item>
        {format === 'zpl' && (
          <Form.Item name="zplFont" label={t('priceTags.dialog.zplFont')} extra={t('priceTags.dialog.zplFontHint')}>
            <Input maxLength={30} placeholder="E:NOTOJP.TTF" data-testid="print-tags-zpl-font" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

interface PrintTagsButtonProps extends Omit<PrintTagsDialogProps, 'onClose'> {
  label?: string;
  disabled?: boolean;
  type?: ButtonProps['type'];
  testId?: string;
}

/** Renders a button that opens the print dialog for the given pieces. */
export function PrintTagsButton({ label, disabled, type, testId, ...dialog }: PrintTagsButtonProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<PrinterOutlined />} type={type} disabled={disabled} onClick={() => setOpen(true)} data-testid={testId}>
        {label ?? t('priceTags.print')}
      </Button>
      {open && <PrintTagsDialog {...dialog} onClose={() => setOpen(false)} />}
    </>
  );
}
