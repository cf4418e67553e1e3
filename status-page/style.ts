// The page's one stylesheet, inlined (and allowed by its hash in the CSP). Colours come in
// pairs for light and dark schemes (text on the status banner keeps at least 4.5:1 contrast
// in both); every status also has its words, never colour alone.
// First render: a fresh renderer looks up and rasterizes every font size and weight it meets
// (a synchronous round trip to the browser each), so the page uses three: body text, bold
// body text and one heading size, with unhinted text (geometricPrecision), which rasterizes
// cheaper cold. The 48rem column (about 80 characters a line) also keeps the painted area,
// and so the tiles to rasterize, small. No font is named per language: the browser's own
// fallback picks Han glyph forms (Simplified, Traditional) and Hangul by the lang attributes,
// and every named family would be one more lookup before the first render.
export const STYLE = `:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;--ok:#1a7f37;--minor:#9a6700;--major:#bc4c00;--critical:#cf222e;--maint:#0969da;--none:#d1d9e0;--on-status:#fff}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--card:#151b23;--ok:#3fb950;--minor:#d29922;--major:#f0883e;--critical:#f85149;--maint:#4493f8;--none:#3d444d;--on-status:#0d1117}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;text-rendering:geometricPrecision}
main,header,footer{max-width:48rem;margin:0 auto;padding:0 1rem}header{padding-top:1.5rem}h1,h2{font-size:1.25rem}h1{margin:0 0 1rem}h3{font-size:1rem;margin:0}
a{color:var(--maint)}.languages{margin:0 0 1rem}.languages summary{cursor:pointer;width:max-content}.languages ul{list-style:none;display:flex;flex-wrap:wrap;gap:0 1rem;padding:0;margin:.25rem 0 0}.languages a[aria-current]{color:var(--fg);text-decoration:none}.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem}
.overall{padding:1rem 1.25rem;border-radius:6px;color:var(--on-status);background:var(--ok)}.overall time{color:inherit}.overall h2{margin:0}.overall p{margin:.25rem 0 0}
.overall.i-minor{background:var(--minor)}.overall.i-major{background:var(--major)}.overall.i-critical{background:var(--critical)}.overall.i-maintenance{background:var(--maint)}
.card{border:1px solid var(--line);border-radius:6px;padding:1rem;margin:1rem 0;background:var(--card)}
.timeline{list-style:none;padding:0;margin:.5rem 0 0}.timeline li{margin:.5rem 0}.muted,time{color:var(--muted)}
ul.components{list-style:none;padding:0;border:1px solid var(--line);border-radius:6px}ul.components ul{list-style:none;padding:0 0 0 1rem}
.component,.group>details>summary{padding:.75rem 1rem;border-top:1px solid var(--line)}.group>details>summary{display:flex;justify-content:space-between;gap:1rem;cursor:pointer;font-weight:700}ul.components>li:first-child>.component,ul.components>li:first-child>details>summary{border-top:0}
.row{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}.st{font-weight:700}
.s-operational{color:var(--ok)}.s-degraded_performance{color:var(--minor)}.s-partial_outage{color:var(--major)}.s-major_outage{color:var(--critical)}.s-under_maintenance{color:var(--maint)}
.bars{display:flex;gap:1px;height:2rem;margin:.5rem 0 .25rem}.bars i{flex:1;border-radius:1px;background:var(--ok)}.bars i.u-none{background:var(--none)}.bars i.u-minor{background:var(--minor)}.bars i.u-major{background:var(--critical)}
.legend{display:flex;justify-content:space-between;color:var(--muted)}footer{padding:2rem 1rem;color:var(--muted)}
`;
