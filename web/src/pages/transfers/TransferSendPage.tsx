import { SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, Row, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey } from '../../api/client.js';
import { useErrorReporter } from '../../api/hooks.js';
import type { Transfer } from '../../api/types.js';
import { ItemPicker, type ItemPickerHandle } from '../../components/ItemPicker.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { StockLinesTable, useStockLineDrafts } from '../../components/StockLinesEditor.js';
import { navigate } from '../../lib/router.js';

interface TransferHeader {
  fromLocationId: number | null;
  toLocationId: number | null;
  note?: string;
}

/** Send goods from one location to another: pick the source, scan the pieces, send. */
export function TransferSendPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<TransferHeader>();
  const fromLocationId = Form.useWatch('fromLocationId', form);
  const toLocationId = Form.useWatch('toLocationId', form);
  const drafts = useStockLineDrafts(fromLocationId);
  const pickerRef = useRef<ItemPickerHandle>(null);
  const [sending, setSending] = useState(false);
  const idempotencyKey = useRef(newIdempotencyKey());
  const reportError = useErrorReporter();
  const { message } = App.useApp();

  const send = async (header: TransferHeader) => {
    if (drafts.lines.length === 0) {
      void message.error(t('lines.addAtLeastOne'));
      pickerRef.current?.focusScan();
      return;
    }
    setSending(true);
    try {
      const transfer = await api.post<Transfer>(
        '/api/transfers',
        { ...header, lines: drafts.lines.map((line) => ({ itemId: line.item.id, quantity: line.quantity })) },
        { idempotencyKey: idempotencyKey.current },
      );
      idempotencyKey.current = newIdempotencyKey();
      void message.success(t('transfers.sent', { number: transfer.number }));
      navigate('/transfers');
    } catch (error) {
      reportError(error, form);
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <PageTitle title={t('transfers.sendTitle')} subtitle={t('transfers.sendLead')} />
      <Form<TransferHeader> form={form} layout="vertical" onFinish={(values) => void send(values)} data-testid="transfer-form">
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="fromLocationId" label={t('transfers.from')} rules={[{ required: true, message: t('transfers.chooseFrom') }]}>
                <LocationSelect
                  excludeId={toLocationId}
                  onChange={() => {
                    drafts.clear();
                    setTimeout(() => pickerRef.current?.focusScan(), 0);
                  }}
                  data-testid="transfer-from"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="toLocationId" label={t('transfers.to')} rules={[{ required: true, message: t('transfers.chooseTo') }]}>
                <LocationSelect excludeId={fromLocationId} data-testid="transfer-to" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="note" label={t('common.notes')}>
                <Input maxLength={1000} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={t('transfers.pieces')} style={{ marginBottom: 16 }}>
          {!fromLocationId && <Typography.Paragraph type="secondary">{t('transfers.chooseFromFirst')}</Typography.Paragraph>}
          <Space direction="vertical" style={{ width: '100%' }} size="middle">
            <ItemPicker ref={pickerRef} locationId={fromLocationId} disabled={!fromLocationId} onPick={drafts.add} />
            <StockLinesTable lines={drafts.lines} onQuantityChange={drafts.setQuantity} onRemove={drafts.remove} />
          </Space>
        </Card>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={sending} data-testid="transfer-send">
            {t('transfers.send', { count: drafts.lines.length })}
          </Button>
          <Button onClick={() => navigate('/transfers')}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </>
  );
}
