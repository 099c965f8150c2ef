/** The panel's styles, inside its shadow root: nothing leaks out, the page's rules do not leak in. */
export const STYLES = `
:host{all:initial;display:block;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#e6e6e6}
:host(.docked){position:fixed;left:0;right:0;bottom:0;z-index:2147483000;max-height:45vh;box-shadow:0 -4px 16px #0008}
.panel{background:#15171c;border-top:2px solid #6c5ce7;display:flex;flex-direction:column;max-height:inherit}
header{display:flex;gap:8px;align-items:center;padding:4px 8px;background:#1d2027;flex-wrap:wrap}
header b{color:#a29bfe}
.note{color:#fdcb6e}
input{background:#0e0f13;color:inherit;border:1px solid #333;border-radius:3px;padding:1px 6px;font:inherit;width:14em}
button{background:#2d3140;color:inherit;border:0;border-radius:3px;padding:1px 8px;font:inherit;cursor:pointer;margin-left:auto}
.body{overflow:auto;padding:0 8px 8px;display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:0 16px}
.collapsed .body{display:none}
details{min-width:0;max-height:16em;overflow:auto}
details[data-section=entries]{grid-column:1/-1;max-height:none}
summary{cursor:pointer;padding:4px 0;color:#a29bfe}
table{border-collapse:collapse;width:100%}
th{text-align:left;color:#888;font-weight:normal;position:sticky;top:0;background:#15171c}
td,th{padding:1px 6px;white-space:nowrap;max-width:28em;overflow:hidden;text-overflow:ellipsis}
tr:nth-child(even) td{background:#1a1c22}
.success,.ok{color:#55efc4}.loading{color:#74b9ff}.error,.bad{color:#ff7675}.not-found{color:#b2bec3}
.stretched td:nth-child(3){color:#fdcb6e}
.muted{color:#777}
.bar{display:inline-block;width:60px;height:6px;background:#2d3140;vertical-align:middle}
.bar i{display:block;height:100%;background:#55efc4}
.full i{background:#ff7675}
`;
