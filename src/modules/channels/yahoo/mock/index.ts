export { createYahooMock, formatJst, YAHOO_API_PREFIX, YAHOO_TOKEN_PATH } from "./server.js";
export type { YahooMock, YahooMockOptions, YahooMockState, YahooFault, StockRecord, ItemRecord, OrderRecord, OrderLine } from "./server.js";
export { startYahooMock, type StandaloneYahooMockOptions } from "./standalone.js";
