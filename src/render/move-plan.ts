/** A workloads move plan for people: text for the terminal, Markdown for a pull request or a ticket. */
import type { MovePlan } from '../workloads/move-plan.js';
import { mdText, termText as t } from './escape.js';

export const MOVE_PLAN_FORMATS = ['text', 'markdown', 'json'] as const;
export type MovePlanFormat = (typeof MOVE_PLAN_FORMATS)[number];

function headline(plan: MovePlan): string {
  return `Move ${plan.application} (${plan.region}) from ${plan.source.accountName} (${plan.source.accountId}) to ${plan.target.accountName} (${plan.target.accountId})`;
}

function text(plan: MovePlan): string {
  const lines = [
    headline(plan),
    `  ${plan.instances.length} instance(s); new VPC ${plan.target.cidr}, peered with ${plan.source.vpcId} (${plan.source.cidr})`,
    '',
  ];
  plan.stages.forEach((stage, i) => {
    lines.push(`${i + 1}. ${stage.name}: ${stage.title}`);
    for (const step of stage.steps) lines.push(`     ${step.in.padEnd(6)} ${step.call}  ${step.detail}`);
    if (stage.checks.length) lines.push(`     check:    ${stage.checks.join('; ')}`);
    if (stage.rollback.length) lines.push(`     rollback: ${stage.rollback.join('; ')}`);
    lines.push(`     decide:   ${stage.decision}`, '');
  });
  for (const w of plan.warnings) lines.push(`warning: ${w}`);
  return `${lines.map(t).join('\n')}\n`;
}

function markdown(plan: MovePlan): string {
  const lines = [
    `## ${mdText(headline(plan))}`,
    '',
    `New VPC \`${plan.target.cidr}\`, peered with \`${plan.source.vpcId}\` (\`${plan.source.cidr}\`); ${plan.instances.length} instance(s).`,
    '',
  ];
  plan.stages.forEach((stage, i) => {
    lines.push(
      `### ${i + 1}. ${stage.name}: ${mdText(stage.title)}`,
      '',
      '| in | call | detail |',
      '|---|---|---|',
    );
    for (const step of stage.steps) lines.push(`| ${step.in} | \`${step.call}\` | ${mdText(step.detail)} |`);
    lines.push('');
    if (stage.checks.length) lines.push(`**Check:** ${mdText(stage.checks.join('; '))}`, '');
    if (stage.rollback.length) lines.push(`**Rollback:** ${mdText(stage.rollback.join('; '))}`, '');
    lines.push(`**Decide:** ${mdText(stage.decision)}`, '');
  });
  for (const w of plan.warnings) lines.push(`> **Warning:** ${mdText(w)}`, '');
  return `${lines.join('\n')}\n`;
}

export function renderMovePlan(plan: MovePlan, format: MovePlanFormat): string {
  if (format === 'json') return `${JSON.stringify(plan, null, 2)}\n`;
  return format === 'markdown' ? markdown(plan) : text(plan);
}
