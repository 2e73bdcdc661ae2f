import { SaxesParser } from 'saxes';

/**
 * The first well-formedness error a conforming XML 1.0 parser (saxes, which also checks the characters XML
 * allows) finds in `xml`, or undefined: the check on the SVG `lr-lens plot` and the panel's export write.
 */
export function xmlError(xml: string): string | undefined {
  const parser = new SaxesParser();
  let error: string | undefined;
  parser.on('error', e => { error ??= e.message; });
  try {
    parser.write(xml).close();
  } catch (e) {
    error ??= (e as Error).message;
  }
  return error;
}
