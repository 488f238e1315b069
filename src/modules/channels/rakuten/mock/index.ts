// Public entry of the Rakuten RMS mock.
export { createRakutenMock, esaAuthorization, DEFAULT_RATE_LIMITS } from './server.js';
export type { RakutenMock, RakutenMockOptions, FaultSpec, FaultKind, RateGroup, MockState } from './server.js';
export { ORDER_NUMBER, SEARCH_WINDOW_DAYS, MAX_ORDER_NUMBERS, MAX_RECORDS_PER_PAGE } from './orders.js';
export { MAX_BULK_GET, MAX_BULK_UPSERT, MAX_QUANTITY } from './items.js';
export { runRakutenMock } from './standalone.js';
export type { StandaloneOptions } from './standalone.js';
