import { Alert, App, Checkbox, Empty, Flex, Form, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { useFormSubmit } from '../../api/hooks.js';
import { FormDialog } from '../../components/FormDialog.js';
import { ItemPicker, type PickedItem } from '../../components/ItemPicker.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import type { ChannelAccountOutput, Listing } from './types.js';

interface DraftsForm {
  channelAccountIds: number[];
}

/**
 * Creates draft listings (POST /api/listings) for the picked pieces on the chosen accounts.
 * The server skips pairs that already have a listing, so the count created may be lower.
 */
export function NewListingsDialog({ accounts, onClose, onCreated }: { accounts: ChannelAccountOutput[]; onClose: () => void; onCreated: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DraftsForm>();
  const { error, saving, submit } = useFormSubmit(form);
  const [items, setItems] = useState<PickedItem[]>([]);
  const [itemsMissing, setItemsMissing] = useState(false);

  const pick = (item: PickedItem) => {
    setItemsMissing(false);
    setItems((current) => (current.some((picked) => picked.id === item.id) ? current : [...current, item]));
  };

  const create = async (values: DraftsForm) => {
    if (items.length === 0) {
      setItemsMissing(true);
      return;
    }
    let created: Listing[] = [];
    const ok = await submit(async () => {
      const result = await api.post<{ listings: Listing[] }>('/api/listings', { itemIds: items.map((item) => item.id), channelAccountIds: values.channelAccountIds });
      created = result.listings;
    });
    if (!ok) return;
    if (created.length > 0) void message.success(t('channels.listings.created', { count: created.length }));
    else void message.info(t('channels.listings.noneCreated'));
    onCreated();
  };

  return (
    <FormDialog form={form} title={t('channels.listings.newTitle')} okText={t('channels.listings.create')} saving={saving} error={error} onClose={onClose} width={720}>
      <Typography.Paragraph type="secondary">{t('channels.listings.newLead')}</Typography.Paragraph>
      <Form<DraftsForm> form={form} layout="vertical" onValuesChange={clearErrorsOnChange(form)} initialValues={{ channelAccountIds: [] }} onFinish={(values) => void create(values)} data-testid="new-listings-form">
        <Form.Item label={t('channels.listings.pickedItems')} required>
          <ItemPicker onPick={pick} />
          <Flex wrap gap={4} style={{ marginTop: 8 }} data-testid="new-listings-items">
            {items.length === 0 && <Typography.Text type="secondary">{t('channels.listings.noItemsPicked')}</Typography.Text>}
            {items.map((item) => (
              <Tag key={item.id} closable onClose={() => setItems((current) => current.filter((picked) => picked.id !== item.id))}>
                {item.stockNumber} {item.name}
              </Tag>
            ))}
          </Flex>
          {itemsMissing && <Alert type="error" showIcon role="alert" style={{ marginTop: 8 }} title={t('channels.listings.pickItems')} />}
        </Form.Item>
        <Form.Item
          name="channelAccountIds"
          label={t('channels.listings.accounts')}
          rules={[{ validator: async (_rule, value: number[] | undefined) => { if (!value?.length) throw new Error(t('channels.listings.pickAccounts')); } }]}
        >
          {accounts.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('channels.listings.noAccounts')} />
          ) : (
            <Checkbox.Group options={accounts.map((account) => ({ value: account.id, label: `${t(`channels.kinds.${account.kind}`)} / ${account.name}` }))} />
          )}
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
