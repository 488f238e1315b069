// Public entry of the own-site mock.
export { createOwnSiteMock } from './server.js';
export type { OwnSiteMock, OwnSiteMockOptions, OwnSiteMockState, FaultSpec, FaultKind, WebhookDelivery } from './server.js';
export { startOwnSiteMock, MOCK_API_TOKEN, type StandaloneOwnSiteMockOptions } from './standalone.js';
