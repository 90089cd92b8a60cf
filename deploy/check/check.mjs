// Checks deploy/kubernetes against the Kubernetes API schemas (kubernetes-models) and deploy/compose.yaml
// against the Compose specification's JSON schema. Run: npm ci && npm run check (in deploy/check).
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, parse } from "yaml";
import Ajv from "ajv";

const deploy = join(dirname(fileURLToPath(import.meta.url)), "..");
let failures = 0;

async function kubernetesProblems(doc) {
  const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : [null, doc.apiVersion];
  const path = `kubernetes-models/${group ? group + "/" : ""}${version}/${doc.kind}`;
  const { [doc.kind]: Model } = await import(path);
  try {
    new Model(doc).validate();
    return null;
  } catch (e) {
    return e.message;
  }
}

// The validator must refuse a broken object, or its passes mean nothing.
const broken = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" },
  spec: { replicas: "two", selector: {}, template: { spec: { containers: [{ name: "x", image: "x", ports: [{ containerPort: "http" }] }] } } } };
if (!(await kubernetesProblems(broken))) {
  console.error("the Kubernetes validator accepted a broken Deployment");
  process.exit(2);
}

const manifests = join(deploy, "kubernetes");
for (const file of readdirSync(manifests).filter((f) => f.endsWith(".yaml")).sort()) {
  for (const document of parseAllDocuments(readFileSync(join(manifests, file), "utf8"))) {
    const doc = document.toJS();
    if (doc.apiVersion.startsWith("kustomize.config.k8s.io/")) {
      continue; // a build instruction for kubectl, not an API object
    }
    const problems = await kubernetesProblems(doc);
    console.log(`${problems ? "FAIL" : "ok  "} kubernetes/${file}: ${doc.kind} ${doc.metadata.name}${problems ? "\n  " + problems : ""}`);
    if (problems) failures++;
  }
}

const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
// compose-spec.json is schema/compose-spec.json of the Compose specification (Apache-2.0), copied as is;
// Ajv knows draft-07 under its canonical id only.
const { $schema, ...composeSchema } = JSON.parse(readFileSync(join(deploy, "check", "compose-spec.json"), "utf8"));
const validateCompose = ajv.compile(composeSchema);
if (validateCompose({ services: { kepu: { image: "kepu", ports: { broken: true } } } })) {
  console.error("the Compose validator accepted a broken file");
  process.exit(2);
}
const compose = parse(readFileSync(join(deploy, "compose.yaml"), "utf8"));
if (validateCompose(compose)) {
  console.log("ok   compose.yaml");
} else {
  failures++;
  console.log("FAIL compose.yaml\n  " + ajv.errorsText(validateCompose.errors, { separator: "\n  " }));
}
console.log(failures ? `${failures} failed` : "all valid");
process.exit(failures ? 1 : 0);
