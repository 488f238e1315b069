import { App, type FormInstance } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clearFieldErrors } from '../lib/formErrors.js';
import { api, ApiError, newIdempotencyKey, type Query } from './client.js';

export interface QueryState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads GET `path` and reloads whenever the path or query changes. The previous data stays
 * on screen while the next page loads, and a superseded request is aborted. A null path
 * loads nothing.
 */
export function useApiQuery<T>(path: string | null, query?: Query): QueryState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(path !== null);
  const [generation, setGeneration] = useState(0);
  const key = path === null ? null : `${path}?${JSON.stringify(query ?? {})}`;
  const queryRef = useRef(query);
  queryRef.current = query;

  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    api
      .get<T>(path, queryRef.current, controller.signal)
      .then((result) => {
        setData(result);
        setError(undefined);
        setLoading(false);
      })
      .catch((cause: unknown) => {
        if (controller.signal.aborted) return;
        setError(cause instanceof ApiError ? cause : new ApiError(0, 'unknown', String(cause), undefined, [], undefined));
        setLoading(false);
      });
    return () => controller.abort();
    // The key captures path and query by value, so a new object with the same content does not reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}

/** Maps an API field path ("lines.2.metalWeightCg") to a form field name, or undefined to skip it. */
export type FieldNameMapper = (path: Array<string | number>) => Array<string | number> | undefined;

function toNamePath(field: string): Array<string | number> {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function sameName(a: Array<string | number>, b: ReadonlyArray<string | number>): boolean {
  return a.length === b.length && a.every((part, index) => part === b[index]);
}

/**
 * Puts an API error's field errors under the form fields they name, replacing the errors
 * shown before. Returns the field errors that no field of the form shows, as text lines.
 */
export function placeFieldErrors(apiError: ApiError, form: FormInstance, mapField?: FieldNameMapper): string[] {
  clearFieldErrors(form);
  const registered = form.getFieldsError().map((entry) => entry.name);
  const updates: Array<{ name: Array<string | number>; errors: string[] }> = [];
  const unplaced: string[] = [];
  for (const fieldError of apiError.fields) {
    const raw = toNamePath(fieldError.field);
    const name = mapField ? mapField(raw) : raw;
    if (name && registered.some((r) => sameName(name, r))) {
      const existing = updates.find((u) => sameName(u.name, name));
      if (existing) existing.errors.push(fieldError.message);
      else updates.push({ name, errors: [fieldError.message] });
    } else {
      unplaced.push(fieldError.field ? `${fieldError.field}: ${fieldError.message}` : fieldError.message);
    }
  }
  form.setFields(updates);
  return unplaced;
}

/**
 * Returns a function that shows an error to the user. Field errors go under the form fields
 * they name. The server's message, already in the user's language, appears with its request
 * id as a notification, which also lists the field errors that no form field shows.
 */
export function useErrorReporter() {
  const { notification } = App.useApp();
  const { t } = useTranslation();

  return useCallback(
    (error: unknown, form?: FormInstance, mapField?: FieldNameMapper) => {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      const apiError = error instanceof ApiError ? error : undefined;
      const unplaced: string[] = [];

      if (apiError && form) {
        unplaced.push(...placeFieldErrors(apiError, form, mapField));
      } else if (apiError) {
        unplaced.push(...apiError.fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)));
      }

      const message = apiError?.message ?? (error instanceof Error ? error.message : String(error));
      const fieldCount = apiError?.fields.length ?? 0;
      const someOnForm = fieldCount > unplaced.length;
      notification.error({
        key: apiError?.requestId,
        title: someOnForm ? t('errors.checkFields') : t('errors.title'),
        description: (
          <div data-testid="error-notification">
            {/* The server message already lists every field, so it is shown when none sits on the form. */}
            <div>{someOnForm ? t('errors.checkFieldsHint') : message}</div>
            {someOnForm && unplaced.length > 0 && (
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
                {unplaced.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
            {apiError?.requestId && (
              <div style={{ marginTop: 4, fontSize: 12, opacity: 0.7 }}>{t('errors.requestId', { id: apiError.requestId })}</div>
            )}
          </div>
        ),
        duration: 8,
      });
    },
    [notification, t],
  );
}

/**
 * Posts a new document (purchase, transfer, write-off, split, combine) with an idempotency
 * key that stays the same while the user retries one submission and changes after a
 * success, so a lost response never records the document twice. Returns undefined when
 * the request failed; the error has then been shown, with field errors on the form.
 */
export function useDocumentPost<T>(path: string) {
  const keyRef = useRef<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const reportError = useErrorReporter();

  const post = useCallback(
    async (body: unknown, form?: FormInstance, mapField?: FieldNameMapper): Promise<T | undefined> => {
      keyRef.current ??= newIdempotencyKey();
      if (form) clearFieldErrors(form);
      setSaving(true);
      try {
        const result = await api.post<T>(path, body, { idempotencyKey: keyRef.current });
        keyRef.current = undefined;
        return result;
      } catch (error) {
        reportError(error, form, mapField);
        return undefined;
      } finally {
        setSaving(false);
      }
    },
    [path, reportError],
  );

  return { post, saving };
}

/** An error to show inside a form: the server's message and the field errors no field shows. */
export interface FormErrorState {
  message: string;
  requestId: string | undefined;
  unplaced: string[];
  /** True when some field errors are shown on the form's fields. */
  someOnFields: boolean;
}

/**
 * Runs the save request of a form that shows its errors in place (FormErrorAlert) instead of
 * in a notification. `submit` clears the old errors, keeps `saving` true while the request
 * runs, and on failure puts field errors on the fields and keeps the rest in `error`.
 * It resolves to true when the request succeeded.
 */
export function useFormSubmit(form: FormInstance, mapField?: FieldNameMapper) {
  const [error, setError] = useState<FormErrorState>();
  const [saving, setSaving] = useState(false);

  const show = useCallback(
    (cause: unknown) => {
      if (!(cause instanceof ApiError)) {
        setError({ message: cause instanceof Error ? cause.message : String(cause), requestId: undefined, unplaced: [], someOnFields: false });
        return;
      }
      const unplaced = placeFieldErrors(cause, form, mapField);
      setError({ message: cause.message, requestId: cause.requestId, unplaced, someOnFields: cause.fields.length > unplaced.length });
    },
    [form, mapField],
  );

  const submit = useCallback(
    async (request: () => Promise<unknown>): Promise<boolean> => {
      setError(undefined);
      clearFieldErrors(form);
      setSaving(true);
      try {
        await request();
        return true;
      } catch (cause) {
        show(cause);
        return false;
      } finally {
        setSaving(false);
      }
    },
    [form, show],
  );

  return { error, saving, submit };
}
