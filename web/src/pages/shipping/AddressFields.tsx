import { Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { PREFECTURES } from '../../../../src/modules/customers/reference.js';
import { useLocale } from '../channels/channelUi.js';

/**
 * Name, address and phone fields under `prefix` ("recipient" of a shipment or "sender" of the
 * settings), named as the API names them so that its field errors land on them. The recipient
 * also has company and email.
 */
export function AddressFields({ prefix, recipient, disabled }: { prefix: 'recipient' | 'sender'; recipient: boolean; disabled?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const prefectureOptions = PREFECTURES.map((prefecture) => ({ value: prefecture.ja, label: locale === 'ja' ? prefecture.ja : `${prefecture.en} (${prefecture.ja})` }));
  const label = (field: string) => t(`shipping.fields.${prefix}.${field}`);

  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item name={[prefix, 'name']} label={label('name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input maxLength={100} disabled={disabled} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[prefix, 'nameKana']} label={label('nameKana')}>
          <Input maxLength={100} disabled={disabled} />
        </Form.Item>
      </Col>
      {recipient && (
        <Col xs={24} md={12}>
          <Form.Item name={[prefix, 'company']} label={label('company')}>
            <Input maxLength={100} disabled={disabled} />
          </Form.Item>
        </Col>
      )}
      <Col xs={24} md={6}>
        <Form.Item name={[prefix, 'postalCode']} label={label('postalCode')} rules={[{ required: true, message: t('common.required') }]}>
          <Input maxLength={10} placeholder="100-0005" disabled={disabled} />
        </Form.Item>
      </Col>
      <Col xs={24} md={6}>
        <Form.Item name={[prefix, 'prefecture']} label={label('prefecture')} rules={[{ required: true, message: t('common.required') }]}>
          <Select showSearch options={prefectureOptions} disabled={disabled} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[prefix, 'address1']} label={label('address1')} rules={[{ required: true, message: t('common.required') }]}>
          <Input maxLength={200} disabled={disabled} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[prefix, 'address2']} label={label('address2')}>
          <Input maxLength={200} disabled={disabled} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[prefix, 'phone']} label={label('phone')} rules={[{ required: true, message: t('common.required') }]}>
          <Input maxLength={20} placeholder="03-1234-5678" disabled={disabled} />
        </Form.Item>
      </Col>
      {recipient && (
        <Col xs={24} md={12}>
          <Form.Item name={[prefix, 'email']} label={label('email')}>
            <Input maxLength={254} type="email" disabled={disabled} />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}
