import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { parse } from 'yaml';
import {
  EMBEDDED_ONLY_APPS,
  K8S_DIR,
  type Manifest,
  configFilesOf,
  configurationClasses,
  configurationProblems,
  distributedApps,
  holdsPersonalData,
  read,
  readManifests,
  requiredVariables,
  root,
} from './support/deployment.js';

/**
 * deploy/k8s against the Kubernetes API schemas (kubernetes-models: the OpenAPI schemas of the
 * Kubernetes API, compiled; offline), and against the apps' configuration schemas. The schemas, as
 * `kubectl apply` without strict validation, do not reject unknown fields: the fields that matter
 * (probes, resources, security context, selectors) are checked by name below.
 */
const MODELS: Record<string, { validate(): void } & (new (data: never) => { validate(): void })> = {
  'v1/Namespace': Namespace as never,
  'v1/ConfigMap': ConfigMap as never,
  'v1/Secret': Secret as never,
  'v1/Service': Service as never,
  'apps/v1/Deployment': Deployment as never,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget as never,
};

const manifests = readManifests();
const applied = new Set((parse(read(join(K8S_DIR, 'kustomization.yaml'))) as { resources: string[] }).resources);
const inKustomization = manifests.filter((manifest) => applied.has(manifest.file));
const of = <T = Record<string, unknown>>(kind: string, from = inKustomization) =>
  from.filter((manifest) => manifest.kind === kind) as unknown as (Manifest & T)[];

interface Container {
  name: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
  }[];
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown> & { capabilities?: { drop?: string[] } };
}

interface DeploymentManifest {
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: { securityContext?: Record<string, unknown>; containers: Container[] };
    };
  };
}

const deployments = of<DeploymentManifest>('Deployment');
const configMaps = of<{ data?: Record<string, string> }>('ConfigMap');
/** The Secrets' names and keys, from the example (its placeholder values are valid in form). */
const exampleSecrets = of<{ stringData?: Record<string, string> }>('Secret', manifests);

/** A container's environment as the kubelet would build it: envFrom in order, then env. */
function environmentOf(container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name;
    const map = configMaps.find((candidate) => candidate.metadata.name === name);
    if (!map) throw new Error(`${container.name}: no ConfigMap ${name}`);
    Object.assign(env, map.data ?? {});
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef ?? variable.valueFrom?.configMapKeyRef;
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (variable.valueFrom?.secretKeyRef && ref) {
      const secret = exampleSecrets.find((candidate) => candidate.metadata.name === ref.name);
      const value = secret?.stringData?.[ref.key];
      if (value === undefined)
        throw new Error(
          `${container.name}: ${variable.name} names ${ref.name}/${ref.key}, not in secrets.example.yaml`,
        );
      env[variable.name] = value;
    } else if (variable.valueFrom?.configMapKeyRef && ref) {
      const value = configMaps.find((candidate) => candidate.metadata.name === ref.name)?.data?.[ref.key];
      if (value === undefined)
        throw new Error(`${container.name}: ${variable.name} names ${ref.name}/${ref.key}, not found`);
      env[variable.name] = value;
    }
  }
  return env;
}

describe('deploy/k8s', () => {
  it('applies every file it holds but the example Secrets, and nothing missing', () => {
    for (const file of applied)
      expect({ file, exists: existsSync(join(root, K8S_DIR, file)) }).toEqual({ file, exists: true });
    const files = new Set(manifests.map((manifest) => manifest.file));
    expect([...files].filter((file) => !applied.has(file))).toEqual(['secrets.example.yaml']);
  });

  it('validates every manifest, the example Secrets included, against the Kubernetes schemas', () => {
    expect(manifests.length).toBeGreaterThan(10);
    for (const manifest of manifests) {
      const { file, ...object } = manifest;
      const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      expect({ file, kind: `${manifest.apiVersion}/${manifest.kind}`, known: Model !== undefined }).toEqual({
        file,
        kind: `${manifest.apiVersion}/${manifest.kind}`,
        known: true,
      });
      expect(() => new Model(object as never).validate()).not.toThrow();
    }
  });

  it('would reject a broken manifest (the validator is not a no-op)', () => {
    const [deployment] = deployments;
    const broken = structuredClone({ ...deployment, file: undefined }) as unknown as DeploymentManifest;
    (broken.spec as { replicas: unknown }).replicas = 'two';
    expect(() => new Deployment(broken as never).validate()).toThrow(/replicas must be integer/);
  });

  it('deploys every app of apps/ but the embedded identity provider; no engine is deployed here', () => {
    expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual(distributedApps());
    for (const app of EMBEDDED_ONLY_APPS) expect(deployments.map((d) => d.metadata.name)).not.toContain(app);
    const images = new Set(
      deployments.flatMap((d) => d.spec.template.spec.containers.map((c) => (c as { image?: string }).image)),
    );
    expect([...images]).toEqual(['prevent-channel']);
    // Kafka, KurrentDB, PostgreSQL and the identity provider are external, referenced by configuration
    expect(of('StatefulSet')).toEqual([]);
  });

  it.each(distributedApps())(
    'gives the %s Deployment probes, resources, a non-root read-only container and a Service',
    (app) => {
      const deployment = deployments.find((candidate) => candidate.metadata.name === app)!;
      const { template, selector } = deployment.spec;
      expect(template.metadata.labels).toMatchObject(selector.matchLabels);
      const [container, ...others] = template.spec.containers;
      expect(others).toEqual([]);
      expect(container.args).toEqual([app]);
      expect(container.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(container.ports?.map((port) => port.name)).toEqual(['http']);
      for (const kind of ['requests', 'limits'] as const) {
        expect({ kind, resources: container.resources?.[kind] }).toEqual({
          kind,
          resources: { cpu: expect.any(String), memory: expect.any(String) },
        });
      }
      expect(template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      const service = of<{ spec: { selector: Record<string, string>; ports: { targetPort: string }[] } }>(
        'Service',
      ).find((candidate) => candidate.metadata.name === app);
      expect(service?.spec.selector).toEqual(selector.matchLabels);
      expect(service?.spec.ports.map((port) => port.targetPort)).toEqual(['http']);
    },
  );

  it.each(distributedApps())('has a PodDisruptionBudget selecting the %s pods', (app) => {
    const deployment = deployments.find((candidate) => candidate.metadata.name === app)!;
    const labels = deployment.spec.template.metadata.labels;
    const budgets = of<{
      spec: { selector: { matchLabels: Record<string, string> }; minAvailable?: number; maxUnavailable?: number };
    }>('PodDisruptionBudget').filter((budget) =>
      Object.entries(budget.spec.selector.matchLabels).every(([key, value]) => labels[key] === value),
    );
    expect(budgets).toHaveLength(1);
    const [budget] = budgets;
    // never a budget that blocks every drain: with one replica, one may be unavailable
    if (deployment.spec.replicas === 1) expect(budget.spec.maxUnavailable).toBe(1);
    else expect(budget.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
  });

  it.each(distributedApps())(
    'gives %s every variable its configuration schemas require, secrets by reference only',
    async (app) => {
      const deployment = deployments.find((candidate) => candidate.metadata.name === app)!;
      const [container] = deployment.spec.template.spec.containers;
      const env = environmentOf(container);
      const configs = await configurationClasses(configFilesOf(app));
      const required = [
        ...requiredVariables(configs),
        ['HOST'],
        ...(holdsPersonalData(app) ? [['PERSONAL_DATA_KEK']] : []),
        ...(app === 'web' ? [['WEB_SESSION_SECRET']] : []),
      ];
      const missing = required.filter((alternatives) => !alternatives.some((name) => (env[name] ?? '') !== ''));
      expect({ app, missing }).toEqual({ app, missing: [] });
      expect({ app, problems: configurationProblems(configs, env) }).toEqual({ app, problems: [] });
      expect(env.HOST).toBe('0.0.0.0');
      // secrets and URLs with credentials only through secretKeyRef, never in a ConfigMap or a value
      for (const variable of container.env ?? []) {
        if (/SECRET|PASSWORD|KEY|KEK|TOKEN|DATABASE_URL|KURRENTDB_URL/.test(variable.name)) {
          expect({ app, variable: variable.name, secret: variable.valueFrom?.secretKeyRef !== undefined }).toEqual({
            app,
            variable: variable.name,
            secret: true,
          });
        }
      }
      for (const map of configMaps) {
        for (const [name, value] of Object.entries(map.data ?? {})) {
          expect({
            map: map.metadata.name,
            name,
            secretLike: /SECRET|PASSWORD|KEK|TOKEN/.test(name) || /:\/\/[^/@]+:[^/@]+@/.test(value),
          }).toEqual({
            map: map.metadata.name,
            name,
            secretLike: false,
          });
        }
      }
      if (app !== 'web')
        expect({ EVENT_STORE: env.EVENT_STORE, EVENT_TRANSPORT: env.EVENT_TRANSPORT }).toEqual({
          EVENT_STORE: 'kurrentdb',
          EVENT_TRANSPORT: 'kafka',
        });
    },
  );

  it('marks the example Secrets as placeholders', () => {
    expect(read(join(K8S_DIR, 'secrets.example.yaml'))).toMatch(/EXAMPLE ONLY — NOT APPLIED/);
    for (const secret of exampleSecrets) {
      for (const [key, value] of Object.entries(secret.stringData ?? {})) {
        const placeholder = /PLACEHOLDER/.test(value) || Buffer.from(value, 'base64').equals(Buffer.alloc(32));
        expect({ secret: secret.metadata.name, key, placeholder }).toEqual({
          secret: secret.metadata.name,
          key,
          placeholder: true,
        });
      }
    }
  });
});
