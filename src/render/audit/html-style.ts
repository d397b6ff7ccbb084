/** The HTML report's stylesheet: system fonts only, status colours with at least 4.5:1 contrast. */
import type { Status } from '../../audit/types.js';

/** Background and text colour of each status (cells, badges). */
export const STATUS_COLOURS: Record<Status, { bg: string; fg: string }> = {
  FAIL: { bg: '#b42318', fg: '#ffffff' },
  UNKNOWN: { bg: '#5b4a8b', fg: '#ffffff' },
  WARN: { bg: '#f5c542', fg: '#1f1a00' },
  MUTED: { bg: '#d5d9e0', fg: '#1f2933' },
  PASS: { bg: '#1f7a3a', fg: '#ffffff' },
  NOT_APPLICABLE: { bg: '#eef0f3', fg: '#3d4550' },
};

const statusRules = Object.entries(STATUS_COLOURS)
  .map(([s, c]) => `.s-${s} { background: ${c.bg}; color: ${c.fg}; }`)
  .join('\n');

export const STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #4b5563; --line: #d0d7de; --focus: #1a56db; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f8fa; }
a { color: var(--focus); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 8px; }
.skip:focus { left: 8px; z-index: 10; }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 16px 24px; display: flex; flex-wrap: wrap; gap: 8px 32px; align-items: center; }
header h1 { margin: 0; font-size: 20px; }
header h1 span { font-weight: 400; color: var(--muted); }
header .meta { margin: 4px 0 0; color: var(--muted); font-size: 13px; }
.score { font-size: 34px; font-weight: 700; line-height: 1; }
.score small { display: block; font-size: 12px; font-weight: 400; color: var(--muted); }
.counts { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; }
.counts li { padding: 4px 10px; border-radius: 999px; font-size: 13px; }
main { padding: 16px 24px 48px; max-width: 1400px; }
section { margin-bottom: 28px; }
h2 { font-size: 17px; margin: 0 0 8px; }
.filters { display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: end; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
fieldset { border: 0; margin: 0; padding: 0; display: flex; gap: 10px; flex-wrap: wrap; }
legend, .field > label { font-size: 12px; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; padding: 0; margin-bottom: 2px; }
.field { display: flex; flex-direction: column; }
select, button { font: inherit; }
select { padding: 4px 6px; border: 1px solid #8c959f; border-radius: 6px; background: #fff; max-width: 22em; }
button { cursor: pointer; }
.btn { border: 1px solid #8c959f; background: #fff; border-radius: 6px; padding: 4px 10px; color: var(--ink); }
.status-line { margin: 0; color: var(--muted); font-size: 13px; flex-basis: 100%; }
.legend { display: flex; flex-wrap: wrap; gap: 6px; margin: 0 0 8px; padding: 0; list-style: none; font-size: 12px; }
.legend li { padding: 2px 8px; border-radius: 4px; }
table { border-collapse: collapse; background: #fff; }
.matrix th, .matrix td { border: 1px solid var(--line); padding: 3px; text-align: center; }
.matrix thead th { font-size: 12px; font-weight: 600; padding: 6px; max-width: 9em; }
.matrix th[scope=row] { text-align: left; font-weight: 500; padding: 4px 10px; white-space: nowrap; }
.matrix .id { display: block; font-size: 11px; color: var(--muted); font-weight: 400; }
.matrix .ou th { text-align: left; background: #eaeef2; padding: 6px 10px; font-size: 13px; }
.matrix .ou .ou-score { font-weight: 400; color: var(--muted); margin-left: 8px; }
.matrix .total { font-weight: 600; padding: 0 10px; }
.cell { width: 100%; min-width: 64px; border: 0; border-radius: 4px; padding: 8px 6px; font-weight: 600; }
.cell[aria-pressed=true] { box-shadow: inset 0 0 0 3px var(--ink); }
.cell.none, td.empty { background: transparent; color: var(--muted); font-weight: 400; }
.findings { width: 100%; }
.findings th, .findings td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; font-size: 14px; }
.findings thead th { font-size: 12px; color: var(--muted); }
.findings .res { display: block; color: var(--muted); font-size: 12px; word-break: break-all; }
.badge { display: inline-block; border-radius: 4px; padding: 1px 6px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.link { border: 0; background: none; padding: 0; color: var(--focus); text-decoration: underline; font-weight: 600; text-align: left; }
.selection { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: 6px 10px; display: inline-flex; gap: 10px; align-items: center; }
.list-statuses { margin: 6px 0 10px; font-size: 14px; }
dialog { width: min(760px, 94vw); border: 1px solid var(--line); border-radius: 10px; padding: 20px 24px; color: var(--ink); }
dialog::backdrop { background: rgba(15, 23, 42, .45); }
dialog h2 { font-size: 19px; margin: 8px 0 12px; }
dialog h3 { font-size: 15px; margin: 16px 0 4px; }
dialog p { margin: 0; }
dialog dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; font-size: 14px; }
dialog dt { color: var(--muted); }
dialog dd { margin: 0; word-break: break-all; }
dialog .close { float: right; }
.expired td, .expired th { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; }
${statusRules}
`;
