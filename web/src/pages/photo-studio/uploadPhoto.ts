import { ApiError, apiUrl, currentCsrfToken, type Query } from '../../api/client.js';
import { fieldErrorsOf, type ErrorBody } from '../../api/fieldErrors.js';
import { currentLocale, i18n } from '../../i18n/index.js';
import type { Photo } from './types.js';

export interface UploadOptions {
  query: Query;
  /** Called with the fraction of the file sent so far, 0 to 1. */
  onProgress: (fraction: number) => void;
  signal?: AbortSignal;
}

/** Builds an ApiError from a failed response body, as the shared client does for fetch responses. */
function errorOf(status: number, text: string): ApiError {
  let body: ErrorBody | undefined;
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    body = undefined;
  }
  const error = body?.error;
  if (!error?.message) return new ApiError(status, 'http_error', i18n.t('errors.http', { status }), undefined, [], undefined);
  return new ApiError(status, error.code ?? 'error', error.message, error.requestId, fieldErrorsOf(error), error.details);
}

/**
 * Sends one photo file as the raw request body to POST /api/photo-studio/photos and resolves
 * to the queued photo, or rejects with an ApiError carrying the server's message.
 * XMLHttpRequest is used because fetch reports no upload progress.
 */
export function uploadPhoto(file: File, options: UploadOptions): Promise<Photo> {
  return new Promise<Photo>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', apiUrl('/api/photo-studio/photos', options.query));
    request.setRequestHeader('content-type', file.type || 'application/octet-stream');
    request.setRequestHeader('accept', 'application/json');
    request.setRequestHeader('accept-language', currentLocale());
    const csrfToken = currentCsrfToken();
    if (csrfToken) request.setRequestHeader('x-csrf-token', csrfToken);

    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        options.onProgress(1);
        try {
          resolve(JSON.parse(request.responseText) as Photo);
        } catch {
          reject(errorOf(request.status, ''));
        }
        return;
      }
      reject(errorOf(request.status, request.responseText));
    };
    request.onerror = () => reject(new ApiError(0, 'network_error', i18n.t('errors.network'), undefined, [], undefined));
    request.onabort = () => reject(new DOMException('upload aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => request.abort(), { once: true });

    request.send(file);
  });
}
