import { BarcodeOutlined } from '@ant-design/icons';
import { Alert, Input, type InputRef } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { useErrorReporter } from '../../api/hooks.js';

export interface ScanFeedback {
  type: 'success' | 'info';
  message: string;
}

interface ExhibitionScanInputProps {
  /** Sends one scanned code and returns the message to show, or throws the API error. */
  onScan: (code: string) => Promise<ScanFeedback>;
  disabled?: boolean;
  'data-testid'?: string;
}

/**
 * Renders a scan box for a USB scanner or the keyboard. The scanner types the tag's code and
 * Enter. The box empties at once and stays enabled, so a tag scanned while the previous one
 * is sent is not lost. Scans are sent one after another in scan order. The result of the
 * latest scan shows under the box, and for a rejected tag that is the server's message.
 */
export function ExhibitionScanInput({ onScan, disabled, ...rest }: ExhibitionScanInputProps) {
  const { t } = useTranslation();
  const reportError = useErrorReporter();
  const inputRef = useRef<InputRef>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  const [code, setCode] = useState('');
  const [pending, setPending] = useState(0);
  const [feedback, setFeedback] = useState<ScanFeedback | { type: 'error'; message: string }>();

  const send = (scanned: string) => {
    setPending((count) => count + 1);
    queue.current = queue.current.then(async () => {
      try {
        setFeedback(await onScanRef.current(scanned));
      } catch (error) {
        // A wrong tag is an everyday event while scanning, so it shows beside the box.
        if (error instanceof ApiError && error.status >= 400 && error.status < 500) setFeedback({ type: 'error', message: error.message });
        else reportError(error);
      } finally {
        setPending((count) => count - 1);
        inputRef.current?.focus();
      }
    });
  };

  return (
    <div style={{ marginBottom: 12 }}>
      <Input
        ref={inputRef}
        size="large"
        autoFocus
        prefix={<BarcodeOutlined />}
        placeholder={t('exhibitions.scan.placeholder')}
        aria-label={t('exhibitions.scan.label')}
        value={code}
        disabled={disabled}
        status={feedback?.type === 'error' ? 'error' : undefined}
        onChange={(event) => setCode(event.target.value)}
        onPressEnter={(event) => {
          event.preventDefault();
          const scanned = code.trim();
          setCode('');
          if (scanned) send(scanned);
        }}
        suffix={pending > 0 ? <span style={{ fontSize: 12, opacity: 0.6 }}>{t('exhibitions.scan.lookingUp')}</span> : undefined}
        autoComplete="off"
        data-testid={rest['data-testid'] ?? 'exhibition-scan'}
      />
      {feedback && <Alert style={{ marginTop: 8 }} type={feedback.type} showIcon title={feedback.message} data-testid="scan-feedback" />}
    </div>
  );
}
