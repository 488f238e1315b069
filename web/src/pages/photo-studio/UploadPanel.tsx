import { CameraOutlined, InboxOutlined } from '@ant-design/icons';
import { Button, Card, Flex, List, Progress, Select, Typography, Upload } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Query } from '../../api/client.js';
import { useAttributeLabels } from '../../data/ReferenceData.js';
import { PhotoStatusTag } from './PhotoStatusTag.js';
import { PresetSelect } from './PresetSelect.js';
import { StudioItemSelect, type StudioItem } from './StudioItemSelect.js';
import type { Photo, StudioPreset } from './types.js';
import { uploadPhoto } from './uploadPhoto.js';

/** Files sent at the same time. More would only split the same upload bandwidth. */
const PARALLEL_UPLOADS = 2;

/** Photo types offered in the file chooser. The server decides what it can decode. */
const ACCEPTED_FILES = 'image/*,.heic,.heif';

/** One file of the upload queue, from choosing it until the server has it. */
interface QueuedUpload {
  key: number;
  file: File;
  phase: 'waiting' | 'uploading' | 'uploaded' | 'rejected';
  /** Fraction sent, 0 to 1. */
  progress: number;
  /** Preset, category and piece chosen when the file was queued. */
  query: Query;
  photoId?: number;
  /** The server's message, in the user's language, when it rejected the file. */
  error?: string;
}

interface UploadPanelProps {
  presets: StudioPreset[];
  /** The studio's photos as last polled, to show each uploaded file's processing status. */
  photos: Photo[];
  onUploaded: () => void;
}

/**
 * The upload card: the channel preset, the category and optionally the piece, then many
 * photos at once by drag and drop, the file chooser or the phone's camera. Each file is one
 * request, so the queue shows its own progress, and then its processing status.
 */
export function UploadPanel({ presets, photos, onUploaded }: UploadPanelProps) {
  const { t } = useTranslation();
  const { options } = useAttributeLabels();
  const [preset, setPreset] = useState<string>();
  const [category, setCategory] = useState<string>('ring');
  const [item, setItem] = useState<StudioItem>();
  const [queue, setQueue] = useState<QueuedUpload[]>([]);
  const nextKey = useRef(1);
  const running = useRef(0);
  const waiting = useRef<QueuedUpload[]>([]);
  const cameraInput = useRef<HTMLInputElement>(null);
  const chosenPreset = preset ?? presets[0]?.id;

  const update = useCallback((key: number, change: Partial<QueuedUpload>) => {
    setQueue((current) => current.map((entry) => (entry.key === key ? { ...entry, ...change } : entry)));
  }, []);

  // Starts waiting uploads until PARALLEL_UPLOADS run, and each finished upload starts the next.
  const pump = useCallback(() => {
    while (running.current < PARALLEL_UPLOADS && waiting.current.length > 0) {
      const entry = waiting.current.shift()!;
      running.current += 1;
      update(entry.key, { phase: 'uploading' });
      uploadPhoto(entry.file, { query: entry.query, onProgress: (progress) => update(entry.key, { progress }) })
        .then((photo) => {
          update(entry.key, { phase: 'uploaded', progress: 1, photoId: photo.id });
          onUploaded();
        })
        .catch((error: unknown) => {
          const message = error instanceof ApiError ? error.message : String(error);
          update(entry.key, { phase: 'rejected', error: message });
        })
        .finally(() => {
          running.current -= 1;
          pump();
        });
    }
  }, [onUploaded, update]);

  const enqueue = (files: File[]) => {
    const entries = files.map((file) => ({
      key: nextKey.current++,
      file,
      phase: 'waiting' as const,
      progress: 0,
      query: { fileName: file.name, preset: chosenPreset, category, itemId: item?.id },
    }));
    waiting.current.push(...entries);
    setQueue((current) => [...entries.reverse(), ...current]);
    pump();
  };

  const statusOf = (entry: QueuedUpload) => photos.find((photo) => photo.id === entry.photoId);

  return (
    <Card title={t('photoStudio.upload.title')} data-testid="studio-upload">
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <label style={{ flex: '1 1 200px' }}>
          <Typography.Text type="secondary">{t('photoStudio.upload.preset')}</Typography.Text>
          <PresetSelect presets={presets} value={chosenPreset} onChange={setPreset} aria-label={t('photoStudio.upload.preset')} data-testid="upload-preset" />
        </label>
        <label style={{ flex: '1 1 160px' }}>
          <Typography.Text type="secondary">{t('photoStudio.upload.category')}</Typography.Text>
          <Select style={{ width: '100%' }} value={category} onChange={setCategory} options={options('categories')} aria-label={t('photoStudio.upload.category')} data-testid="upload-category" />
        </label>
        <label style={{ flex: '2 1 280px' }}>
          <Typography.Text type="secondary">{t('photoStudio.upload.item')}</Typography.Text>
          <StudioItemSelect
            value={item?.id ?? null}
            aria-label={t('photoStudio.upload.item')}
            data-testid="upload-item"
            onChange={(picked) => {
              setItem(picked);
              // A piece's own category is the best guess for how its photos should look.
              if (picked) setCategory(picked.category);
            }}
          />
        </label>
      </Flex>

      <Upload.Dragger
        multiple
        accept={ACCEPTED_FILES}
        showUploadList={false}
        disabled={!chosenPreset}
        beforeUpload={(file, fileList) => {
          // antd calls this once per file with the whole batch, so the batch is queued on its first file.
          if (file === fileList[0]) enqueue(fileList);
          return false;
        }}
        data-testid="upload-dragger"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('photoStudio.upload.dropHint')}</p>
        <p className="ant-upload-hint">{t('photoStudio.upload.dropDetail')}</p>
      </Upload.Dragger>

      <Flex gap={8} style={{ marginTop: 12 }} align="center" wrap>
        <Button icon={<CameraOutlined />} disabled={!chosenPreset} onClick={() => cameraInput.current?.click()} data-testid="upload-camera">
          {t('photoStudio.upload.camera')}
        </Button>
        <Typography.Text type="secondary">{t('photoStudio.upload.cameraHint')}</Typography.Text>
        <input
          ref={cameraInput}
          type="file"
          accept="image/*"
          capture="environment"
          hidden
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            event.target.value = '';
            if (files.length > 0) enqueue(files);
          }}
        />
      </Flex>

      {queue.length > 0 && (
        <List
          style={{ marginTop: 12 }}
          size="small"
          header={<Typography.Text strong>{t('photoStudio.upload.queue')}</Typography.Text>}
          dataSource={queue}
          data-testid="upload-queue"
          renderItem={(entry) => {
            const photo = statusOf(entry);
            return (
              <List.Item key={entry.key} data-testid="upload-queue-entry">
                <Flex vertical style={{ width: '100%' }} gap={2}>
                  <Flex justify="space-between" gap={8}>
                    <Typography.Text ellipsis style={{ maxWidth: '60%' }}>
                      {entry.file.name}
                    </Typography.Text>
                    {entry.phase === 'waiting' && <Typography.Text type="secondary">{t('photoStudio.upload.waiting')}</Typography.Text>}
                    {entry.phase === 'uploading' && <Typography.Text type="secondary">{t('photoStudio.upload.uploading')}</Typography.Text>}
                    {entry.phase === 'uploaded' && (photo ? <PhotoStatusTag status={photo.status} /> : <Typography.Text type="secondary">{t('photoStudio.upload.uploaded')}</Typography.Text>)}
                    {entry.phase === 'rejected' && <Typography.Text type="danger">{t('photoStudio.upload.rejected')}</Typography.Text>}
                  </Flex>
                  {(entry.phase === 'uploading' || entry.phase === 'waiting') && <Progress percent={Math.round(entry.progress * 100)} size="small" />}
                  {entry.error && (
                    <Typography.Text type="danger" data-testid="upload-error">
                      {entry.error}
                    </Typography.Text>
                  )}
                </Flex>
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}
