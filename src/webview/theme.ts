// Chart colours from the VS Code theme: the workbench sets --vscode-* CSS variables on the webview's <html>
// and a vscode-light / vscode-dark / vscode-high-contrast class on <body>, and changes both on a theme switch.

/** A colour variable's value, or `fallback` when the theme does not define it. */
function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/** The Vega config for the current theme (compared as JSON to decide whether the view must be rebuilt). */
export function themeConfig(): Record<string, unknown> {
  const highContrast = document.body.classList.contains('vscode-high-contrast');
  const foreground = cssVar('--vscode-editor-foreground', cssVar('--vscode-foreground', '#333333'));
  const muted = cssVar('--vscode-descriptionForeground', foreground);
  const grid = cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', '#80808040'));
  const font = cssVar('--vscode-font-family', 'sans-serif');
  const category = [
    cssVar('--vscode-charts-blue', '#1a85ff'), cssVar('--vscode-charts-orange', '#d18616'),
    cssVar('--vscode-charts-green', '#388a34'), cssVar('--vscode-charts-purple', '#652d90'),
    cssVar('--vscode-charts-red', '#e51400'), cssVar('--vscode-charts-yellow', '#bf8803'),
  ];
  const axis = {
    domainColor: muted, tickColor: muted, labelColor: foreground, titleColor: foreground, gridColor: grid,
    gridOpacity: highContrast ? 0.6 : 0.35, labelFont: font, titleFont: font, titleFontWeight: 'normal',
  };
  return {
    background: 'transparent',
    font,
    axis,
    legend: { labelColor: foreground, titleColor: foreground, labelFont: font, titleFont: font },
    text: { fill: foreground, font },
    range: { category },
    view: { stroke: null },
  };
}
