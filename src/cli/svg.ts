import { parse, View } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite spec to SVG headless, with the same interpreter the webview uses (no code generation
 * from expressions, so the output matches what the editor shows under its CSP).
 */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const vegaSpec = compile(spec as unknown as TopLevelSpec).spec;
  const view = new View(parse(vegaSpec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
