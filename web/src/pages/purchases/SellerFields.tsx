import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { IdCheckMethod } from '../../api/types.js';
import { DateField } from '../../components/DateField.js';
import { isMyNumber } from './purchaseLines.js';

export const ID_CHECK_METHODS: IdCheckMethod[] = ['driving_licence', 'my_number_card', 'passport', 'residence_card', 'health_insurance_card', 'other'];

/** The seller of pre-owned goods as the secondhand ledger records them. */
export interface SellerValues {
  name?: string;
  address?: string;
  occupation?: string;
  birthDate?: string | null;
  age?: number | null;
  idCheckMethod?: IdCheckMethod;
  idCheckDescription?: string;
  idDocumentNumber?: string;
}

/**
 * Renders the identity fields of a person selling pre-owned goods. The Secondhand Articles
 * Dealer Act requires a dealer to record the seller's name, address, occupation and age and
 * how the identity was checked, so those fields are required here.
 */
export function SellerFields() {
  const { t } = useTranslation();
  const idCheckMethod = Form.useWatch(['seller', 'idCheckMethod']) as string | undefined;
  const required = [{ required: true, message: t('common.required') }];
  const isMyNumberCard = idCheckMethod === 'my_number_card';
  // The My Number Act allows storing an individual number only for the uses it lists, and a
  // secondhand ID check is not one, so a 12-digit number is rejected for a My Number card.
  const notMyNumber = {
    validator: async (_rule: unknown, value: unknown) => {
      if (isMyNumberCard && isMyNumber(String(value ?? ''))) throw new Error(t('seller.myNumberRejected'));
    },
  };

  return (
    <Row gutter={12} data-testid="seller-fields">
      <Col xs={24} md={8}>
        <Form.Item name={['seller', 'name']} label={t('seller.name')} rules={required}>
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} md={16}>
        <Form.Item name={['seller', 'address']} label={t('seller.address')} rules={required}>
          <Input maxLength={300} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name={['seller', 'occupation']} label={t('seller.occupation')} rules={required}>
          <Input maxLength={100} />
        </Form.Item>
      </Col>
      <Col xs={12} md={8}>
        <Form.Item name={['seller', 'birthDate']} label={t('seller.birthDate')} extra={t('seller.birthDateHint')}>
          <DateField style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={12} md={8}>
        <Form.Item name={['seller', 'age']} label={t('seller.age')}>
          <InputNumber<number> min={0} max={130} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name={['seller', 'idCheckMethod']} label={t('seller.idCheckMethod')} rules={required}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={ID_CHECK_METHODS.map((value) => ({ value, label: t(`idCheckMethod.${value}`) }))} />
        </Form.Item>
      </Col>
      {idCheckMethod === 'other' && (
        <Col xs={24} md={8}>
          <Form.Item name={['seller', 'idCheckDescription']} label={t('seller.idCheckDescription')} rules={required}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      )}
      <Col xs={24} md={8}>
        <Form.Item
          name={['seller', 'idDocumentNumber']}
          label={t('seller.idDocumentNumber')}
          rules={[...required, notMyNumber]}
          dependencies={[['seller', 'idCheckMethod']]}
          extra={isMyNumberCard ? t('seller.myNumberHint') : undefined}
        >
          <Input maxLength={50} autoComplete="off" />
        </Form.Item>
      </Col>
    </Row>
  );
}
