/** One invalid field as the API reports it: a dotted path such as "lines.2.unitCost". */
export interface FieldError {
  field: string;
  message: string;
}

/** The JSON body of a failed API request. */
export interface ErrorBody {
  error?: {
    code?: string;
    message?: string;
    requestId?: string;
    details?: { fields?: FieldError[]; field?: string } & Record<string, unknown>;
  };
}

/**
 * Returns the field errors of an error body. Request validation lists them in details.fields.
 * A domain error about one field names it in details.field, and its message is that field's error.
 */
export function fieldErrorsOf(error: NonNullable<ErrorBody['error']>): FieldError[] {
  const details = error.details;
  if (Array.isArray(details?.fields)) return details.fields;
  if (typeof details?.field === 'string' && details.field !== '' && error.message) return [{ field: details.field, message: error.message }];
  return [];
}
