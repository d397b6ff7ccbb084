// validate → plan → apply → audit through orgward's library API, on an in-process sandbox.
import { apply, audit, plan, renderPlanText, validate } from 'orgward';
import { inProcessFactory, Sandbox } from 'orgward/sandbox';

const config = new URL('./org.yaml', import.meta.url).pathname;
const factory = inProcessFactory(new Sandbox());

const checked = validate(config);
if (!checked.valid) throw new Error(`${config}: ${checked.errors} errors`);

const { plan: changes } = await plan({ config, factory });
console.log(renderPlanText(changes));

// confirmed: the plan above was reviewed (without it, apply asks the sink's confirm, or refuses).
// poll: the sandbox creates accounts at once; against AWS, leave the default.
const run = await apply({ config: changes, factory, confirmed: true, poll: { accountsMs: 50 } });
console.log(`${run.done} done, ${run.failed} failed, ${run.calls} AWS API calls`);

const again = await plan({ config, factory });
console.log(`changes left: ${again.plan.summary.total}`);

const { result } = await audit({ factory, scope: { checks: ['ROOT', 'GUARD'] } });
console.log(`audit: ${result.findings.length} findings, score ${result.summary.score}`);
