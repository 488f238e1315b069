import { SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Transfer } from '../../api/types.js';
import { LocationSelect } from '../../components/LocationSelect.js';
import { PageTitle } from '../../components/PageTitle.js';
import { StockLinesCard } from '../../components/StockLinesCard.js';
import { useStockSlip } from '../../components/useStockSlip.js';
import { useDefaultLocationId } from '../../data/ReferenceData.js';
import { clearErrorsOnChange } from '../../lib/formErrors.js';
import { navigate } from '../../lib/router.js';

interface TransferHeader {
  fromLocationId: number | null;
  toLocationId: number | null;
  note?: string;
}

/** Send goods from one location to another: pick the source, scan the pieces, send. */
export function TransferSendPage() {
  const { t } = useTranslation();
  const { form, locationId: fromLocationId, drafts, pickerRef, saving: sending, submit } = useStockSlip<TransferHeader, Transfer>('/api/transfers', 'fromLocationId');
  const toLocationId = Form.useWatch('toLocationId', form);
  const defaultLocationId = useDefaultLocationId();
  const { message } = App.useApp();

  const send = async () => {
    const transfer = await submit();
    if (!transfer) return;
    void message.success(t('transfers.sent', { number: transfer.number }));
    navigate('/transfers');
  };

  return (
    <>
      <PageTitle title={t('transfers.sendTitle')} subtitle={t('transfers.sendLead')} />
      <Form<TransferHeader> form={form} layout="vertical" initialValues={{ fromLocationId: defaultLocationId }} onValuesChange={clearErrorsOnChange(form)} onFinish={() => void send()} data-testid="transfer-form">
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="fromLocationId" label={t('transfers.from')} rules={[{ required: true, message: t('transfers.chooseFrom') }]}>
                <LocationSelect
                  scope="act"
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
                <LocationSelect scope="all" excludeId={fromLocationId} data-testid="transfer-to" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="note" label={t('common.notes')}>
                <Input maxLength={1000} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <StockLinesCard
          title={t('transfers.pieces')}
          pickerRef={pickerRef}
          locationId={fromLocationId}
          drafts={drafts}
          hint={fromLocationId ? undefined : t('transfers.chooseFromFirst')}
        />
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
