import { BarcodeOutlined, CameraOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Input, InputNumber, List, Tag, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CameraReader } from './CameraReader.js';
import { MAX_CODE_LENGTH, MAX_SCAN_QUANTITY } from './scanDevice.js';
import { OUTCOME_COLORS } from './types.js';
import type { ScanEntry } from './useScanQueue.js';

interface ScanPanelProps {
  deviceId: string;
  entries: ScanEntry[];
  waiting: number;
  onScan: (code: string, quantity: number) => void;
  onResend: () => void;
}

function ScanOutcomeTag({ entry }: { entry: ScanEntry }) {
  const { t } = useTranslation();
  if (entry.state === 'sending') return <Tag color="processing">{t('stocktakes.scan.state.sending')}</Tag>;
  if (entry.state === 'waiting') return <Tag color="warning">{t('stocktakes.scan.state.waiting')}</Tag>;
  if (entry.state === 'rejected' || !entry.result) return <Tag color="error">{t('stocktakes.scan.state.rejected')}</Tag>;
  const { outcome } = entry.result;
  return (
    <Tag color={OUTCOME_COLORS[outcome]} data-testid={`outcome-${outcome}`}>
      {t(`stocktakes.outcome.${outcome}`)}
    </Tag>
  );
}

/** Describes a scan's result: the piece, and for a misplaced one the location the book has it at. */
function scanDetail(entry: ScanEntry, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (entry.state === 'rejected') return entry.error ?? '';
  const result = entry.result;
  if (!result) return '';
  const piece = result.stockNumber ? `${result.stockNumber} ${result.itemName ?? ''}`.trim() : '';
  switch (result.outcome) {
    case 'duplicate':
      return t('stocktakes.scan.detail.duplicate', { piece });
    case 'misplaced':
      return result.bookLocationName
        ? t('stocktakes.scan.detail.misplaced', { piece, location: result.bookLocationName })
        : t('stocktakes.scan.detail.misplacedHidden', { piece });
    case 'unexpected':
      return t('stocktakes.scan.detail.unexpected', { piece });
    case 'unknown':
      return t('stocktakes.scan.detail.unknown');
    default:
      return piece;
  }
}

/**
 * Renders the scanning area of a count. A USB scanner is a keyboard wedge: it types the code
 * and Enter into the scan box. Beside the box are an optional quantity for quantity-tracked
 * items and the camera, and below it the running list of scans with their outcomes, newest first.
 */
export function ScanPanel({ deviceId, entries, waiting, onScan, onResend }: ScanPanelProps) {
  const { t } = useTranslation();
  const inputRef = useRef<InputRef>(null);
  const [code, setCode] = useState('');
  const [quantity, setQuantity] = useState<number | null>(null);
  const [localError, setLocalError] = useState<string>();
  const [cameraOpen, setCameraOpen] = useState(false);
  // Enter pressed while an input method was composing: the scan is sent once the composition ends.
  const enterDuringComposition = useRef(false);

  // A scanner types wherever the focus is. After a click on a tab or a button, a typed
  // character moves the focus back to the scan box before it lands. The code then goes into
  // the box, and the scanner's Enter does not press that button.
  useEffect(() => {
    const redirect = (event: globalThis.KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.key.length !== 1) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      inputRef.current?.focus();
    };
    document.addEventListener('keydown', redirect, true);
    return () => document.removeEventListener('keydown', redirect, true);
  }, []);

  const send = (raw: string) => {
    const trimmed = raw.trim();
    if (!trimmed) return;
    if (trimmed.length > MAX_CODE_LENGTH) {
      setLocalError(t('stocktakes.scan.tooLong', { max: MAX_CODE_LENGTH }));
      return;
    }
    setLocalError(undefined);
    onScan(trimmed, quantity ?? 1);
    setQuantity(null);
  };

  // The box is read from the DOM rather than from state, because a scanner types faster than
  // React re-renders and an input method may still be committing the text.
  const submitBox = () => {
    const typed = inputRef.current?.input?.value ?? code;
    setCode('');
    send(typed);
    inputRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (event.nativeEvent.isComposing) {
      enterDuringComposition.current = true;
      return;
    }
    submitBox();
  };

  return (
    <Card size="small" title={t('stocktakes.scan.title')} style={{ marginBottom: 16 }} data-testid="scan-panel">
      <Flex gap={8} wrap align="center">
        <Input
          ref={inputRef}
          size="large"
          autoFocus
          prefix={<BarcodeOutlined />}
          placeholder={t('stocktakes.scan.placeholder')}
          aria-label={t('stocktakes.scan.label')}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          onKeyDown={onKeyDown}
          onCompositionEnd={() => {
            if (!enterDuringComposition.current) return;
            enterDuringComposition.current = false;
            // The committed text reaches the input's value after compositionend.
            setTimeout(submitBox, 0);
          }}
          autoComplete="off"
          spellCheck={false}
          style={{ flex: '1 1 320px' }}
          data-testid="stocktake-scan"
        />
        <InputNumber<number>
          size="large"
          min={1}
          max={MAX_SCAN_QUANTITY}
          precision={0}
          value={quantity}
          onChange={setQuantity}
          onPressEnter={() => inputRef.current?.focus()}
          placeholder={t('stocktakes.scan.quantityPlaceholder')}
          aria-label={t('stocktakes.scan.quantity')}
          style={{ width: 140 }}
          data-testid="stocktake-scan-quantity"
        />
        <Button size="large" icon={<CameraOutlined />} onClick={() => setCameraOpen(true)} data-testid="open-camera">
          {t('stocktakes.camera.open')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
        {t('stocktakes.scan.hint', { device: deviceId })}
      </Typography.Paragraph>
      {localError && <Alert style={{ marginTop: 8 }} type="error" showIcon title={localError} />}
      {waiting > 0 && (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          title={t('stocktakes.scan.waiting', { count: waiting })}
          action={
            <Button size="small" icon={<SyncOutlined />} onClick={onResend}>
              {t('stocktakes.scan.resend')}
            </Button>
          }
          data-testid="scan-waiting"
        />
      )}
      <List<ScanEntry>
        size="small"
        style={{ marginTop: 8, maxHeight: 360, overflowY: 'auto' }}
        dataSource={entries}
        rowKey={(entry) => `${entry.deviceId}:${entry.clientSequence}`}
        locale={{ emptyText: t('stocktakes.scan.empty') }}
        aria-live="polite"
        data-testid="scan-list"
        renderItem={(entry) => (
          <List.Item data-testid="scan-entry" data-outcome={entry.result?.outcome ?? entry.state}>
            <Flex gap={8} align="center" wrap style={{ width: '100%' }}>
              <ScanOutcomeTag entry={entry} />
              <Typography.Text code>{entry.code}</Typography.Text>
              {entry.quantity > 1 && <Typography.Text>×{entry.quantity}</Typography.Text>}
              <Typography.Text type={entry.state === 'rejected' ? 'danger' : undefined}>{scanDetail(entry, t)}</Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
      {cameraOpen && (
        <CameraReader
          onCode={send}
          onClose={() => {
            setCameraOpen(false);
            inputRef.current?.focus();
          }}
        />
      )}
    </Card>
  );
}
