import type { TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite spec to SVG headless, with the same interpreter the webview uses (no code generation
 * from expressions, so the output matches what the editor shows under its CSP). Loaded on demand: vega is
 * ESM-only and only `plot` needs it.
 */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const [{ parse, View }, { expressionInterpreter }, { compile }] = await Promise.all([
    import('vega'), import('vega-interpreter'), import('vega-lite'),
  ]);
  const vegaSpec = compile(spec as unknown as TopLevelSpec).spec;
  const view = new View(parse(vegaSpec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
