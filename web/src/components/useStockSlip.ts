import { App, Form } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentPost } from '../api/hooks.js';
import type { ItemPickerHandle } from './ItemPicker.js';
import { totalBookCost, useStockLineDrafts } from './StockLinesEditor.js';

/**
 * Holds the state of a slip that moves existing stock out of one location (transfer,
 * write-off, supplier return): the header form, the scanned lines and the submission.
 * `locationField` names the header field of the location the goods leave.
 */
export function useStockSlip<Header extends object, Document>(path: string, locationField: keyof Header & string) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Header>();
  const locationId = Form.useWatch(locationField, form) as number | null | undefined;
  const drafts = useStockLineDrafts(locationId);
  const pickerRef = useRef<ItemPickerHandle>(null);
  const { post, saving } = useDocumentPost<Document>(path);

  /** Validates the header, requires one line or more and posts. Resolves to undefined on failure. */
  const submit = async (): Promise<Document | undefined> => {
    const header = await form.validateFields().catch(() => undefined);
    if (!header) return undefined;
    if (drafts.lines.length === 0) {
      void message.error(t('lines.addAtLeastOne'));
      pickerRef.current?.focusScan();
      return undefined;
    }
    return post({ ...header, lines: drafts.lines.map((line) => ({ itemId: line.item.id, quantity: line.quantity })) }, form);
  };

  return { form, locationId, drafts, pickerRef, saving, submit, totalCost: totalBookCost(drafts.lines) };
}
