import { Alert, Modal, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createReadFilter } from './scanDevice.js';

/** Time in milliseconds during which repeated camera reads of one code count as one read. */
const REPEAT_WINDOW_MS = 2_000;

/** Time between two BarcodeDetector passes over the video, in milliseconds. */
const DETECT_INTERVAL_MS = 150;

/** Barcode formats of price tags and JAN codes, asked of BarcodeDetector when it supports them. */
const TAG_FORMATS = ['code_128', 'code_39', 'ean_13', 'ean_8', 'upc_a', 'itf', 'codabar', 'qr_code', 'data_matrix'];

// The Barcode Detection API is missing from TypeScript's DOM types (5.x), so the part used here is declared.
interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorInstance {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options?: { formats: string[] }): BarcodeDetectorInstance;
  getSupportedFormats(): Promise<string[]>;
}

type CameraProblem = 'unsupported' | 'denied' | 'noCamera' | 'busy' | 'failed';

function problemOf(error: unknown): CameraProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'noCamera';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'failed';
}

/** Starts reading codes from the video; returns the function that stops reading. */
async function startDecoding(video: HTMLVideoElement, stream: MediaStream, onRead: (code: string) => void): Promise<() => void> {
  const Detector = (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  // Some platforms define BarcodeDetector but support no format, and detect() then always fails.
  const supported = Detector ? await Detector.getSupportedFormats().catch(() => []) : [];
  const formats = TAG_FORMATS.filter((format) => supported.includes(format));
  if (Detector && formats.length > 0) {
    const detector = new Detector({ formats });
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const pass = async () => {
      if (stopped) return;
      try {
        if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
          for (const barcode of await detector.detect(video)) onRead(barcode.rawValue);
        }
      } catch {
        // A frame that cannot be decoded yields no code; the next pass tries again.
      }
      timer = setTimeout(() => void pass(), DETECT_INTERVAL_MS);
    };
    video.srcObject = stream;
    await video.play();
    void pass();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  // Without a usable BarcodeDetector (Firefox has none), ZXing decodes the frames in JavaScript.
  const { BrowserMultiFormatReader } = await import('@zxing/browser');
  const controls = await new BrowserMultiFormatReader().decodeFromStream(stream, video, (result) => {
    if (result) onRead(result.getText());
  });
  return () => controls.stop();
}

interface CameraReaderProps {
  /** Receives each code read. A tag that stays in view is passed once, and again only after REPEAT_WINDOW_MS out of view. */
  onCode: (code: string) => void;
  onClose: () => void;
}

/**
 * Shows the device camera in a dialog and reads tags from it: with the browser's
 * BarcodeDetector where present, else with ZXing. A missing camera, a refused permission or a
 * page opened over plain http (where browsers offer no camera) is explained in the dialog.
 */
export function CameraReader({ onCode, onClose }: CameraReaderProps) {
  const { t } = useTranslation();
  // A callback ref, because the dialog's content may mount after this component's first effect.
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [problem, setProblem] = useState<CameraProblem>();
  const [lastCode, setLastCode] = useState<string>();
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => {
    if (!video) return;
    if (!navigator.mediaDevices?.getUserMedia) {
      setProblem('unsupported');
      return;
    }

    let cancelled = false;
    let stream: MediaStream | undefined;
    let stopDecoding: (() => void) | undefined;
    const passes = createReadFilter(REPEAT_WINDOW_MS);
    const read = (code: string) => {
      const trimmed = code.trim();
      if (!trimmed || !passes(trimmed, Date.now())) return;
      setLastCode(trimmed);
      onCodeRef.current(trimmed);
    };

    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false })
      .then(async (opened) => {
        stream = opened;
        if (cancelled) return;
        const stop = await startDecoding(video, opened, read);
        if (cancelled) stop();
        else stopDecoding = stop;
      })
      .catch((error: unknown) => {
        if (!cancelled) setProblem(problemOf(error));
      });

    return () => {
      cancelled = true;
      stopDecoding?.();
      stream?.getTracks().forEach((track) => track.stop());
      video.srcObject = null;
    };
  }, [video]);

  return (
    <Modal open title={t('stocktakes.camera.title')} onCancel={onClose} footer={null} destroyOnHidden data-testid="camera-dialog">
      {problem ? (
        <Alert type="warning" showIcon title={t(`stocktakes.camera.problem.${problem}`)} data-testid="camera-problem" />
      ) : (
        <Typography.Paragraph type="secondary">{t('stocktakes.camera.hint')}</Typography.Paragraph>
      )}
      <video ref={setVideo} muted playsInline style={{ width: '100%', display: problem ? 'none' : 'block', background: '#000', borderRadius: 8 }} />
      {lastCode && (
        <Typography.Paragraph style={{ marginTop: 8 }} data-testid="camera-last-code">
          {t('stocktakes.camera.lastRead', { code: lastCode })}
        </Typography.Paragraph>
      )}
    </Modal>
  );
}
