// The mock's XML helpers live beside the adapter, which parses the same documents.
export {
  childElement,
  childElements,
  childText,
  escapeXmlText,
  parseXmlRoot,
  serializeXml,
  textContent,
  xmlText,
  type XmlElement,
} from '../xml.js';
