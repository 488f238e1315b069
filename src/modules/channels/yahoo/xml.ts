// XML building and parsing shared by the Yahoo!ショッピング adapter and its mock. Parsing uses
// htmlparser2 in XML mode, which is lenient, so `parseXmlStrict` adds the well-formedness check
// the adapter needs to tell a cut-off response body from a complete one.
import { Parser, parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';

/** A node of an XML document to serialise: either text (optionally as CDATA) or child elements. */
export interface XmlElement {
  name: string;
  attributes?: Record<string, string | number>;
  text?: string;
  cdata?: boolean;
  children?: XmlElement[];
}

export function escapeXmlText(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Wraps text in CDATA; a literal `]]>` is split across two sections so it cannot end the first. */
function cdataSection(value: string): string {
  return `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

function serializeElement(element: XmlElement, depth: number): string {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(element.attributes ?? {})
    .map(([key, value]) => ` ${key}="${escapeXmlText(String(value))}"`)
    .join('');
  if (element.children !== undefined) {
    if (element.children.length === 0) return `${indent}<${element.name}${attributes}/>`;
    const inner = element.children.map((child) => serializeElement(child, depth + 1)).join('\n');
    return `${indent}<${element.name}${attributes}>\n${inner}\n${indent}</${element.name}>`;
  }
  const text = element.text ?? '';
  const body = element.cdata ? cdataSection(text) : escapeXmlText(text);
  return `${indent}<${element.name}${attributes}>${body}</${element.name}>`;
}

/** Serialises a document with the declaration and two-space indentation the real samples use. */
export function serializeXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serializeElement(root, 0)}\n`;
}

export function xmlText(name: string, value: string | number | boolean | null | undefined, cdata = false): XmlElement {
  return { name, text: value === null || value === undefined ? '' : String(value), cdata };
}

/** Parses an XML document and returns its root element, or undefined when there is none. */
export function parseXmlRoot(xml: string): Element | undefined {
  const document = parseDocument(xml, { xmlMode: true });
  return document.children.find(isElement);
}

/** Raised by `parseXmlStrict` for a body that is not one well-formed XML element. */
export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/**
 * Parses an XML document and returns its root element, raising XmlSyntaxError when an element
 * is never closed (a truncated body) or when there is no root element. htmlparser2 closes such
 * elements silently, so the check watches for closes that no `</name>` or `/>` in the text made.
 */
export function parseXmlStrict(xml: string): Element {
  const problems: string[] = [];
  const parser = new Parser(
    {
      onclosetag(name, isImplied) {
        if (!isImplied) return;
        const tagText = xml.slice(parser.startIndex, parser.endIndex + 1);
        if (!(tagText.startsWith(`<${name}`) && tagText.endsWith('/>'))) problems.push(name);
      },
    },
    { xmlMode: true },
  );
  parser.write(xml);
  parser.end();
  if (problems.length > 0) throw new XmlSyntaxError(`XML element <${problems[0]}> is not closed`);

  const root = parseXmlRoot(xml);
  if (root === undefined) throw new XmlSyntaxError('XML document has no root element');
  return root;
}

function isElement(node: ChildNode): node is Element {
  return node.type === 'tag';
}

export function childElements(parent: Element, name?: string): Element[] {
  return parent.children.filter(isElement).filter((child) => name === undefined || child.name === name);
}

export function childElement(parent: Element, name: string): Element | undefined {
  return childElements(parent, name)[0];
}

/** Returns the concatenated text and CDATA content of a node and its descendants. */
export function textContent(node: ChildNode): string {
  if (node.type === 'text') return node.data;
  if ('children' in node) return node.children.map(textContent).join('');
  return '';
}

/** Returns the trimmed text of the first child element called `name`, or undefined when absent. */
export function childText(parent: Element, name: string): string | undefined {
  const child = childElement(parent, name);
  return child === undefined ? undefined : textContent(child).trim();
}
