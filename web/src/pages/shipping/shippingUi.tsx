import { Form, Select, Tag, Tooltip } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../api/client.js';
import { currentLocale } from '../../i18n/index.js';
import { formatDateTime, type Locale } from '../../lib/format.js';
import { CARRIER_SERVICES, CARRIERS, COD_SERVICES, type Carrier, type ReportStatus, type ShipmentStatus } from './types.js';

const STATUS_COLORS: Record<ShipmentStatus, string> = {
  to_ship: 'orange',
  picking: 'processing',
  packed: 'cyan',
  shipped: 'green',
  delivered: 'success',
  returned: 'magenta',
  cancelled: 'default',
};

export function ShipmentStatusTag({ status }: { status: ShipmentStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={`shipment-status-${status}`}>
      {t(`shipping.status.${status}`)}
    </Tag>
  );
}

const REPORT_COLORS: Record<ReportStatus, string> = { pending: 'gold', accepted: 'green', failed: 'red', not_supported: 'default' };

/** Renders the channel report (モール反映) state of a shipment, with the time the channel accepted it when known. */
export function ReportStatusTag({ status, acceptedAt, locale }: { status: ReportStatus; acceptedAt?: string | null; locale: Locale }) {
  const { t } = useTranslation();
  const label = t(`shipping.reportStatus.${status}`);
  return (
    <Tag color={REPORT_COLORS[status]} data-testid={`report-status-${status}`}>
      {status === 'accepted' && acceptedAt ? t('shipping.reportAcceptedAt', { status: label, at: formatDateTime(acceptedAt, locale) }) : label}
    </Tag>
  );
}

/** Renders a tracking number as a link that opens the carrier's public tracking page in a new tab, or the bare number when the page is unknown. */
export function TrackingLink({ number, url }: { number: string | null; url: string | null }) {
  if (!number) return <>—</>;
  if (!url) return <>{number}</>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer" data-testid="tracking-link">
      {number}
    </a>
  );
}

/** Carrier and service as "ヤマト運輸 / 発払い"; a shipment without a carrier shows only its service. */
export function useCarrierServiceLabel(): (carrier: Carrier | null, service: string) => string {
  const { t } = useTranslation();
  return (carrier, service) => {
    const serviceLabel = t(`shipping.services.${service}`, { defaultValue: service });
    return carrier ? `${t(`shipping.carriers.${carrier}`)} / ${serviceLabel}` : serviceLabel;
  };
}

/** Label of an API field path such as "recipient.address1", or the path itself when it has none. */
export function useFieldLabel(): (field: string) => string {
  const { t } = useTranslation();
  return (field) => t(`shipping.fields.${field}`, { defaultValue: field });
}

/**
 * Carrier and service selects of a form whose values are `carrier` and `service`. The service
 * list follows the chosen carrier, and a change of carrier clears a service it does not offer.
 */
export function CarrierServiceFields({ form, disabled, withoutCod }: { form: FormInstance; disabled?: boolean; withoutCod?: boolean }) {
  const { t } = useTranslation();
  const carrier = Form.useWatch<Carrier | undefined>('carrier', form);
  // Dialogs without an amount field leave out the cash-on-delivery services, which need one.
  const services: readonly string[] = (carrier ? CARRIER_SERVICES[carrier] : []).filter((service) => !withoutCod || !(COD_SERVICES as readonly string[]).includes(service));

  const onCarrierChange = (next: Carrier) => {
    const service = form.getFieldValue('service') as string | undefined;
    if (service && !(CARRIER_SERVICES[next] as readonly string[]).includes(service)) form.setFieldValue('service', undefined);
  };

  return (
    <>
      <Form.Item name="carrier" label={t('shipping.fields.carrier')} rules={[{ required: true, message: t('shipping.chooseCarrier') }]}>
        <Select<Carrier>
          disabled={disabled}
          onChange={onCarrierChange}
          options={CARRIERS.map((value) => ({ value, label: t(`shipping.carriers.${value}`) }))}
          data-testid="carrier-select"
        />
      </Form.Item>
      <Form.Item name="service" label={t('shipping.fields.service')} rules={[{ required: true, message: t('shipping.chooseService') }]}>
        <Select
          disabled={disabled || !carrier}
          placeholder={carrier ? undefined : t('shipping.chooseCarrierFirst')}
          options={services.map((value) => ({ value, label: t(`shipping.services.${value}`) }))}
          data-testid="service-select"
        />
      </Form.Item>
    </>
  );
}

/** Opens a PDF of shipments (picking list or packing slips) in a new tab, in the user's language. */
export function openShipmentPdf(kind: 'picking-list' | 'packing-slips', ids: number[]): void {
  window.open(apiUrl(`/api/shipments/${kind}`, { ids: ids.join(','), locale: currentLocale() }), '_blank', 'noopener');
}
