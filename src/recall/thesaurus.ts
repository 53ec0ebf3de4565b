/**
 * Words that software people use for the same thing. Questions are asked in
 * the asker's words ("which database did we pick?"), records are written in
 * the author's ("Use PostgreSQL for persistence"); these groups bridge the
 * most common gaps. Offline and deterministic: no model, no download.
 * Each line is one group; phrases are fine (they are split into words).
 */
const GROUPS = `
database db databases rdbms datastore sql postgres postgresql mysql mariadb rds aurora persistence storage
postgres postgresql psql pg
cache caching redis memcached elasticache
queue queues queuing messaging broker pubsub kafka rabbitmq sqs nats streaming
log logs logging logger syslog fluentd fluent-bit fluentbit loki elk kibana
metric metrics monitoring observability prometheus grafana alerting dashboards telemetry
alert alerts alerting pager pagerduty oncall on-call incident notification
trace tracing traces opentelemetry jaeger span
deploy deploys deployment deployments release releases ship shipping rollout delivery cd
ci pipeline pipelines build builds github-actions actions jenkins circleci travis concourse continuous integration
test tests testing spec specs unit integration e2e end-to-end jest vitest mocha pytest rspec
lint linter linting eslint prettier formatter formatting style
auth authentication authn login log-in signin sign-in sso oauth oidc saml identity signon single-sign-on
authorization authz permission permissions rbac access role roles acl
secret secrets credential credentials password passwords key keys vault kms token tokens
encrypt encryption encrypted tls ssl https certificate certificates cert certs
dns domain domains hostname hostnames route53 subdomain
network networking vpc subnet subnets firewall ip cidr peering egress ingress
load-balancer loadbalancer lb alb elb nginx proxy ingress traffic
container containers docker image images dockerfile oci
kubernetes k8s cluster clusters eks gke aks pod pods helm kubectl
cloud aws amazon gcp google azure provider
serverless lambda functions faas
infrastructure infra terraform iac provisioning cloudformation pulumi ansible
config configuration settings options env environment variables
environment environments staging production prod preview dev development sandbox
frontend front-end ui client browser web spa
backend back-end server api service services
api apis endpoint endpoints rest http graphql grpc rpc interface
javascript js typescript ts node nodejs
react preact vue angular svelte jsx component components
css sass scss styling styles stylesheet tailwind
template templates templating views rendering render
render rendering ssr server-side hydration
performance perf fast speed latency slow optimise optimize throughput
scale scaling scalability autoscaling capacity horizontal
availability resilience resilient redundancy failover outage uptime ha high-availability
backup backups restore recovery snapshot snapshots disaster
migrate migration migrations upgrade upgrades move moving transition
schema schemas model models validation json-schema
version versions versioning semver compatibility breaking
dependency dependencies package packages library libraries npm yarn pnpm vendor vendoring
monorepo mono-repo multirepo repository repositories repo repos workspace
git github gitlab branch branches merge commit commits pr pull-request
review reviews approval approve approvals codeowners
document documentation docs doc readme wiki
decision decisions adr adrs record records architecture
email emails mail smtp notify notification notifications sendgrid ses
payment payments billing invoice invoices stripe checkout
user users account accounts customer customers people
search searching find lookup query elasticsearch opensearch index
file files upload uploads attachment attachments document storage s3 bucket buckets blob
cdn cloudfront fastly akamai edge caching
security secure vulnerability vulnerabilities threat attack ddos shield waf protection
audit audits auditing compliance accessibility a11y wcag
cost costs pricing spend budget cheap expensive billing
team teams ownership owner owners responsibility support
language languages golang go rust python ruby rails java kotlin elixir clojure
framework frameworks django flask rails spring express nextjs next.js
analytics tracking telemetry events measurement
feature features flag flags toggle toggles
error errors exception exceptions failure failures sentry crash bug bugs
retry retries backoff timeout timeouts
time timestamp timestamps clock date dates iso
job jobs cron scheduled scheduler schedule worker workers background batch task tasks
storage disk volume volumes ebs persistent
store stored keep saved save persist persistence
choose choice chose chosen pick picked select selected adopt adopted prefer preferred
stop stopped remove removed drop dropped deprecate deprecated retire retired sunset
host hosting hosted platform paas heroku
mobile app apps ios android
form forms input fields submission submissions
consensus blockchain validator validators block blocks
p2p peer peers gossip mempool
`;

let table: Map<string, string[]> | undefined;

/** word -> other words of its groups (raw, unstemmed; the caller stems). */
export function synonymTable(): Map<string, string[]> {
  if (table) return table;
  table = new Map();
  for (const line of GROUPS.split('\n')) {
    const words = line
      .trim()
      .split(/\s+/)
      .flatMap((w) => w.split('-'))
      .filter(Boolean);
    for (const w of words) {
      const list = table.get(w) ?? [];
      for (const other of words) if (other !== w && !list.includes(other)) list.push(other);
      table.set(w, list);
    }
  }
  return table;
}
