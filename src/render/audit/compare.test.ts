import { describe, expect, it } from 'vitest';
import { compareAudits } from '../../audit/compare.js';
import { comparedRuns } from '../../audit/testing.js';
import { renderComparisonMarkdown, renderComparisonText } from './compare.js';

describe('comparison reports', () => {
  const { older, newer } = comparedRuns();
  const c = compareAudits(older, newer);

  it('text: score change, what got worse first, then better, new and gone, then accounts', () => {
    expect(renderComparisonText(c)).toMatchInlineSnapshot(`
      "Compared with the audit of 2026-11-01 08:00 UTC: score 43% → 46% (+3)
      2 worse · 3 better · 1 new · 1 gone · 0 changed otherwise · 1 unchanged

      Worse (2)
        PASS → FAIL      critical ROOT-05  Shop Prod (444444444444) · global
            a root access key appeared
        UNKNOWN → FAIL   high     CFG-01   Shop Prod (444444444444) · us-east-1
            CFG-01 fail in Shop Prod

      Better (3)
        FAIL → PASS      critical ROOT-05  Shop Dev (555555555555) · global
            ROOT-05 pass in Shop Dev
        FAIL → N/A       high     CFG-01   Shop Dev (555555555555) · us-east-1
            CFG-01 not_applicable in Shop Dev
        FAIL → WARN      medium   MGMT-01  Management (111111111111) · us-east-1
            MGMT-01 warn in Management

      New open findings (1)
        new → FAIL       medium   IDN-03   Shop Dev (555555555555) · global
            carol: IDN-03 fail in Shop Dev

      Open findings no longer reported (1)
        FAIL → gone      medium   IDN-03   Shop Dev (555555555555) · global
            bob: IDN-03 fail in Shop Dev

      Account scores that moved, biggest drop first
        Shop Prod (444444444444)                 100% → 0% (−100)
        Management (111111111111)                67% → 83% (+16)
        Shop Dev (555555555555)                  0% → 80% (+80)
      "
    `);
  });

  it('text: cuts long sections and colours only when asked', () => {
    const text = renderComparisonText(c, { maxPerSection: 1 });
    expect(text).toContain('  … 1 more');
    expect(text).not.toContain('\u001b[');
    expect(renderComparisonText(c, { color: true })).toContain('\u001b[31m');
  });

  it('markdown: worse and new in the open, the rest folded, account scores in a table', () => {
    expect(renderComparisonMarkdown(c)).toMatchInlineSnapshot(`
      "### Compared with the audit of 2026-11-01 08:00 UTC

      **Score 43% → 46% (+3)** · 2 worse · 3 better · 1 new · 1 gone · 0 changed otherwise · 1 unchanged

      #### Worse (2)

      | Change | Severity | Check | Account | Region | Message |
      |---|---|---|---|---|---|
      | 🟢 PASS → 🔴 FAIL | critical | ROOT-05 | Shop Prod (444444444444) | global | a root access key appeared |
      | ❔ UNKNOWN → 🔴 FAIL | high | CFG-01 | Shop Prod (444444444444) | us-east-1 | CFG-01 fail in Shop Prod |

      #### Better (3)

      <details>
      <summary>3 findings</summary>

      | Change | Severity | Check | Account | Region | Message |
      |---|---|---|---|---|---|
      | 🔴 FAIL → 🟢 PASS | critical | ROOT-05 | Shop Dev (555555555555) | global | ROOT-05 pass in Shop Dev |
      | 🔴 FAIL → ➖ N/A | high | CFG-01 | Shop Dev (555555555555) | us-east-1 | CFG-01 not\\_applicable in Shop Dev |
      | 🔴 FAIL → 🟡 WARN | medium | MGMT-01 | Management (111111111111) | us-east-1 | MGMT-01 warn in Management |

      </details>

      #### New open findings (1)

      | Change | Severity | Check | Account | Region | Message |
      |---|---|---|---|---|---|
      | new → 🔴 FAIL | medium | IDN-03 | Shop Dev (555555555555) | global | carol: IDN-03 fail in Shop Dev |

      #### Open findings no longer reported (1)

      <details>
      <summary>1 finding</summary>

      | Change | Severity | Check | Account | Region | Message |
      |---|---|---|---|---|---|
      | 🔴 FAIL → gone | medium | IDN-03 | Shop Dev (555555555555) | global | bob: IDN-03 fail in Shop Dev |

      </details>

      #### Account scores that moved

      | Account | Before | After | Change |
      |---|--:|--:|--:|
      | Shop Prod (444444444444) | 100% | 0% | −100 |
      | Management (111111111111) | 67% | 83% | +16 |
      | Shop Dev (555555555555) | 0% | 80% | +80 |
      "
    `);
  });

  it('says when the two runs are of different organizations', () => {
    const other = compareAudits({ ...older, organizationId: 'o-other' }, newer);
    expect(renderComparisonText(other)).toContain('different organizations (o-other, o-test)');
  });
});
