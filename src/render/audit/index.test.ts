import { expect, it } from 'vitest';
import { sampleAuditResult } from '../../audit/testing.js';
import { AUDIT_REPORT_FORMATS, renderAuditReport } from './index.js';

it('renders every report format from one entry point', () => {
  const result = sampleAuditResult();
  const starts = AUDIT_REPORT_FORMATS.map((f) =>
    renderAuditReport(result, f, { toolVersion: '0.1.0' }).slice(0, 15),
  );
  expect(starts).toEqual(['orgward audit ·', '## orgward audi', '<!doctype html>', '{\n  "$schema": ']);
});
