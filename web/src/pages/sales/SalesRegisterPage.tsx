import { CheckOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Divider, Empty, Input, Row, Spin, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, newIdempotencyKey } from '../../api/client.js';
import { useApiQuery, useErrorReporter } from '../../api/hooks.js';
import { useAuth } from '../../auth/AuthContext.js';
import { LoadError } from '../../components/LoadError.js';
import { PageTitle } from '../../components/PageTitle.js';
import { formatYen } from '../../lib/format.js';
import { navigate, useLeaveGuard, useSearchParams } from '../../lib/router.js';
import { addScanned, toReductions, toSaleLines, type CartLine, type ReductionRow } from './cart.js';
import { OfflinePanel, OfflineSaleSaved } from './offline/OfflinePanel.js';
import { offlineQuote } from './offline/quote.js';
import { newClientRef, type QueuedSale } from './offline/storage.js';
import { useOfflineMode } from './offline/useOfflineMode.js';
import { CartTable } from './CartTable.js';
import { CustomerPicker, type PickedCustomer } from '../customers/CustomerPicker.js';
import { paymentProblem, toPaymentInputs, type PaymentRow } from './payments.js';
import { PaymentsEditor } from './PaymentsEditor.js';
import { ReductionsEditor } from './ReductionsEditor.js';
import { rememberRegister, useSellingRegisters } from './registers.js';
import { CheckoutPanel, RegisterColumns, useTwoColumns } from './RegisterLayout.js';
import { RegisterSelect } from './RegisterSelect.js';
import { SaleCompleted } from './SaleCompleted.js';
import { SaleTotals } from './SaleTotals.js';
import { ScanBar, type ScanBarHandle } from './ScanBar.js';
import { StaffSharesEditor, staffProblem, type StaffShareRow } from './StaffSharesEditor.js';
import type { SaleOutput, SaleRequest, ScanOutput, StaffMember } from './types.js';
import { useQuote } from './useQuote.js';

/** The server's rejection of a sale being completed, such as a piece sold elsewhere a moment earlier. */
interface Rejection {
  message: string;
  stockNumber: string | undefined;
}

/**
 * Finds the cart line a rejection is about: the line its field names ("lines.2.itemId"),
 * else the line whose stock number its message names, as stock conflicts do.
 */
function rejectedStockNumber(error: ApiError, lines: CartLine[]): string | undefined {
  for (const field of error.fields) {
    const index = /^lines\.(\d+)\b/.exec(field.field)?.[1];
    if (index !== undefined) return lines[Number(index)]?.stockNumber;
  }
  return lines.find((line) => error.message.includes(line.stockNumber))?.stockNumber;
}

/**
 * Returns true when typed characters would go nowhere: nothing has the focus, or a button or
 * link has it (after a click on "card", for example). Text fields and selects keep their keys.
 */
function focusIsIdle(): boolean {
  const active = document.activeElement;
  if (!active || active === document.body) return true;
  if (active.closest('[role="dialog"]')) return false;
  return !active.closest('input, textarea, select, [contenteditable="true"], [role="combobox"]');
}

/** Change handed back for the cash payments of a sale, in yen. */
function changeOf(payments: SaleRequest['payments']): number {
  return payments.reduce((sum, payment) => sum + (payment.method === 'cash' && payment.tendered !== undefined ? Math.max(payment.tendered - payment.amount, 0) : 0), 0);
}

/**
 * Renders the counter sales screen (販売・レジ). The scan box has the focus whenever nothing else
 * does, so a scanned tag always lands in the cart. Every figure comes from the server's
 * quote, or while offline from the same pricing code run in the browser. F9 or Ctrl+Enter
 * completes the sale; offline, the sale is saved on the device and sent later.
 */
export function SalesRegisterPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const reportError = useErrorReporter();
  const [params] = useSearchParams();
  const exchangeOf = params.get('exchangeOf');
  const registers = useSellingRegisters();
  const scanRef = useRef<ScanBarHandle>(null);
  const twoColumns = useTwoColumns();

  const [registerId, setRegisterId] = useState<number>();
  const register = registers.registers.find((candidate) => candidate.id === registerId);
  const [lines, setLinesState] = useState<CartLine[]>([]);
  // The scan handler runs after queued lookups, so it reads the cart from this ref, not from a render's closure.
  const linesRef = useRef<CartLine[]>([]);
  const [reductions, setReductions] = useState<ReductionRow[]>([]);
  const [customer, setCustomer] = useState<PickedCustomer | null>(() => {
    const id = Number(params.get('customerId'));
    return Number.isInteger(id) && id > 0 ? { id, name: params.get('customerName') ?? String(id) } : null;
  });
  const [staffRows, setStaffRows] = useState<StaffShareRow[]>(() => (user ? [{ userId: user.id, sharePercent: 100 }] : []));
  const [payments, setPayments] = useState<PaymentRow[]>([]);
  const [note, setNote] = useState('');
  const [completed, setCompleted] = useState<SaleOutput>();
  const [savedOffline, setSavedOffline] = useState<{ entry: QueuedSale; change: number }>();
  const [rejection, setRejection] = useState<Rejection>();
  const [saving, setSaving] = useState(false);
  const idempotencyKey = useRef<string | undefined>(undefined);

  const staff = useApiQuery<{ staff: StaffMember[] }>(register ? '/api/sales/staff' : null, { locationId: register?.locationId });
  const offlineMode = useOfflineMode(registerId);
  const { offline, reportNetworkError } = offlineMode;

  useEffect(() => {
    if (registerId === undefined && registers.initialRegisterId !== undefined) setRegisterId(registers.initialRegisterId);
  }, [registerId, registers.initialRegisterId]);

  const setLines = useCallback((next: CartLine[]) => {
    linesRef.current = next;
    setLinesState(next);
  }, []);

  const focusScan = useCallback(() => window.setTimeout(() => scanRef.current?.focus(), 0), []);

  const quoteRequest = useMemo(
    () => (registerId && lines.length > 0 ? { registerId, customerId: customer?.id ?? null, lines: toSaleLines(lines), reductions: toReductions(reductions) } : null),
    [registerId, customer, lines, reductions],
  );
  const serverFigures = useQuote(offline ? null : quoteRequest);
  const rounding = offlineMode.catalogue?.taxRounding;
  const localFigures = useMemo(() => (offline && rounding && lines.length > 0 ? offlineQuote(lines, reductions, rounding) : undefined), [offline, rounding, lines, reductions]);
  const { quote, error: quoteError, pending: quotePending } = offline ? { quote: localFigures?.quote, error: localFigures?.error, pending: false } : serverFigures;

  // A quote that could not reach the server is the first sign of a dropped network.
  useEffect(() => {
    if (serverFigures.error?.status === 0) reportNetworkError();
  }, [serverFigures.error, reportNetworkError]);

  const lookUpItem = useCallback(
    async (code: string, id: number): Promise<ScanOutput> => {
      if (offline) return offlineMode.lookUp(code);
      try {
        return await api.get<ScanOutput>('/api/sales/scan', { code, registerId: id });
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 0) throw error;
        reportNetworkError();
        return offlineMode.lookUp(code);
      }
    },
    [offline, offlineMode, reportNetworkError],
  );
  const total = quote && !quotePending && !quoteError ? quote.total : undefined;
  const payProblem = total === undefined ? undefined : paymentProblem(payments, total);
  const staffIssue = staffProblem(staffRows);
  const ready = lines.length > 0 && total !== undefined && payProblem === undefined && staffIssue === undefined && !saving;

  useLeaveGuard(lines.length > 0 && !completed && !savedOffline ? t('sales.leaveUnsaved') : null);

  const onScanned = useCallback(
    (item: ScanOutput): string | undefined => {
      const result = addScanned(linesRef.current, item);
      if ('rejection' in result) return t(result.rejection.key, result.rejection.values);
      setLines(result.lines);
      setRejection(undefined);
      return undefined;
    },
    [setLines, t],
  );

  const updateLine = (index: number, patch: Partial<CartLine>) => setLines(linesRef.current.map((line, i) => (i === index ? { ...line, ...patch } : line)));
  const removeLine = (index: number) => {
    const removed = linesRef.current[index];
    setLines(linesRef.current.filter((_, i) => i !== index));
    if (removed && removed.stockNumber === rejection?.stockNumber) setRejection(undefined);
    focusScan();
  };

  const complete = async () => {
    if (!ready || !registerId) return;
    const body: SaleRequest = {
      registerId,
      customerId: customer?.id ?? null,
      lines: toSaleLines(lines),
      reductions: toReductions(reductions),
      staff: staffRows.map((row) => ({ userId: row.userId ?? 0, sharePercent: row.sharePercent ?? 0 })),
      payments: toPaymentInputs(payments, true),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    if (offline) {
      const entry: QueuedSale = {
        clientRef: newClientRef(),
        registerId,
        soldAt: new Date().toISOString(),
        // Each line carries the price the device showed, so a retail price changed on the
        // server since the catalogue was stored does not change what the customer paid.
        sale: { ...body, lines: body.lines.map((line, index) => ({ ...line, unitPrice: lines[index]!.unitPrice ?? lines[index]!.retailPrice })) },
        stockNumbers: lines.map((line) => line.stockNumber),
        total,
        status: 'pending',
      };
      offlineMode.enqueue(entry);
      setSavedOffline({ entry, change: changeOf(body.payments) });
      return;
    }

    // One key per cart: a retry after a lost response returns the first sale instead of selling twice.
    idempotencyKey.current ??= newIdempotencyKey();
    setSaving(true);
    setRejection(undefined);
    try {
      const sale = await api.post<SaleOutput>('/api/sales', body, { idempotencyKey: idempotencyKey.current });
      idempotencyKey.current = undefined;
      rememberRegister(registerId);
      setCompleted(sale);
    } catch (error) {
      // A rejected sale takes nothing, so the cart stays as it is. For a piece sold or
      // reserved elsewhere a moment earlier, the clerk removes the marked line.
      if (error instanceof ApiError && (error.status === 409 || error.status === 400)) {
        setRejection({ message: error.message, stockNumber: rejectedStockNumber(error, linesRef.current) });
      } else if (error instanceof ApiError && error.status === 0) {
        // NOTE: the request may have reached the server with only the reply lost. Completing
        // again offline then stores a second copy, which the sync keeps as a conflict
        // because the piece is already sold, so nothing is sold twice.
        reportNetworkError();
        setRejection({ message: t('offline.completeNetworkFailed'), stockNumber: undefined });
      } else {
        reportError(error);
      }
    } finally {
      setSaving(false);
    }
  };

  const completeRef = useRef(complete);
  completeRef.current = complete;

  // F9 or Ctrl+Enter completes from anywhere on the screen. A key typed while no field has
  // the focus goes to the scan box, so that a scanner's code is not lost.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'F9' || ((event.ctrlKey || event.metaKey) && event.key === 'Enter')) {
        event.preventDefault();
        void completeRef.current();
        return;
      }
      // Space is left to a focused button, which it presses.
      if (event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey && !event.altKey && focusIsIdle() && !document.querySelector('.ant-modal-wrap')) {
        scanRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const startNext = () => {
    setLines([]);
    setReductions([]);
    setCustomer(null);
    setStaffRows(user ? [{ userId: user.id, sharePercent: 100 }] : []);
    setPayments([]);
    setNote('');
    setRejection(undefined);
    setCompleted(undefined);
    setSavedOffline(undefined);
    // The exchange banner and customer belong to the sale just completed.
    if (exchangeOf) navigate('/sales/new', { replace: true });
    focusScan();
  };

  const changeRegister = (id: number | null) => {
    if (id === null) return;
    setRegisterId(id);
    rememberRegister(id);
    focusScan();
  };

  if (completed) return <SaleCompleted sale={completed} onNext={startNext} />;
  if (savedOffline) return <OfflineSaleSaved entry={savedOffline.entry} change={savedOffline.change} onNext={startNext} />;
  if (registers.error) return <LoadError error={registers.error} onRetry={registers.reload} />;
  if (registers.loading && registers.registers.length === 0) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (registers.registers.length === 0) return <Empty description={t('registers.noneToSell')} />;

  const cart = (
    <>
      <PageTitle title={t('sales.registerTitle')} subtitle={t('sales.keyboardHint')} />
      <OfflinePanel mode={offlineMode} />
      {exchangeOf && (
        <Alert type="info" showIcon icon={<SwapOutlined />} style={{ marginBottom: 12 }} title={t('sales.exchangeBanner', { number: exchangeOf })} data-testid="exchange-banner" />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[12, 8]}>
          <Col xs={24} md={12}>
            <Typography.Text type="secondary">{t('registers.register')}</Typography.Text>
            <RegisterSelect
              registers={registers.registers}
              value={registerId}
              onChange={changeRegister}
              style={{ width: '100%' }}
              // The cart was checked against this register's location, so it stays until the cart is empty.
              {...(lines.length > 0 ? { disabled: true } : {})}
              data-testid="sale-register"
            />
          </Col>
          <Col xs={24} md={12}>
            <Typography.Text type="secondary">{t('sales.customer')}</Typography.Text>
            <div data-testid="sale-customer">
              <CustomerPicker value={customer} onChange={setCustomer} disabled={saving} />
            </div>
          </Col>
        </Row>
      </Card>
      <Card size="small">
        <ScanBar ref={scanRef} registerId={registerId} locationId={register?.locationId} onScanned={onScanned} lookUpItem={lookUpItem} disabled={saving} />
        <Divider style={{ margin: '12px 0' }} />
        <CartTable lines={lines} quote={quote} onChange={updateLine} onRemove={removeLine} rejectedStockNumber={rejection?.stockNumber} disabled={saving} />
      </Card>
    </>
  );

  const sectionStyle = { margin: '10px 0 6px' };
  const checkout = (
    <CheckoutPanel
      twoColumns={twoColumns}
      header={
        <>
          {quote ? <SaleTotals figures={quote} /> : <Typography.Text type="secondary">{t('sales.totalsAfterScan')}</Typography.Text>}
          {quoteError && <Alert type="error" showIcon style={{ marginTop: 8 }} title={quoteError.message} description={quoteError.fields.map((field) => field.message).join(' ')} data-testid="quote-error" />}
        </>
      }
      footer={
        <>
          {rejection && <Alert type="error" showIcon role="alert" style={{ marginTop: 8 }} title={rejection.message} data-testid="sale-rejected" />}
          <Button type="primary" size="large" block icon={<CheckOutlined />} loading={saving} disabled={!ready} onClick={() => void complete()} style={{ marginTop: 8 }} data-testid="sale-complete">
            {total === undefined ? t('sales.complete') : t('sales.completeWithTotal', { total: formatYen(total) })}
          </Button>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
            {t('sales.completeHint')}
          </Typography.Text>
        </>
      }
    >
      <Divider titlePlacement="start" plain style={sectionStyle}>
        {t('sales.reductions')}
      </Divider>
      <ReductionsEditor rows={reductions} onChange={setReductions} disabled={saving} />
      <Divider titlePlacement="start" plain style={sectionStyle}>
        {t('payments.title')}
      </Divider>
      <PaymentsEditor rows={payments} onChange={setPayments} total={total} mode="sale" disabled={saving || lines.length === 0} testId="sale-payments" />
      <Divider titlePlacement="start" plain style={sectionStyle}>
        {t('sales.staff')}
      </Divider>
      <StaffSharesEditor rows={staffRows} onChange={setStaffRows} staff={staff.data?.staff ?? (user ? [{ id: user.id, displayName: user.displayName || user.email }] : [])} disabled={saving} />
      <Input.TextArea
        rows={2}
        maxLength={1000}
        placeholder={t('sales.note')}
        aria-label={t('sales.note')}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        style={{ marginTop: 12, marginBottom: 4 }}
      />
    </CheckoutPanel>
  );

  return <RegisterColumns twoColumns={twoColumns} cart={cart} checkout={checkout} />;
}
