import { stem } from '../core/text.js';

/**
 * Words that software people use for the same thing. Questions are asked in
 * the asker's words ("which database did we pick?"), records are written in
 * the author's ("Use PostgreSQL for persistence"); these groups bridge the
 * most common gaps. Offline and deterministic: no model, no download.
 *
 * Each line is one group. A member with hyphens is a phrase ("sign-in",
 * "all-or-nothing"): it is looked up when the question writes its words
 * next to each other (with or without the hyphens), and it matches records
 * by its joined form or its most specific word.
 *
 * RELATED groups are broad (a category with its common tools, a word with
 * its neighbours): a match is a weak hint. CLOSE groups are near-synonyms:
 * a match is nearly as good as the asker's own word.
 */
const RELATED = `
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
framework frameworks django flask rails spring express nextjs
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


const CLOSE = `
sign-in signin log-in login logon log-on sign-on signon
sign-out signout log-out logout logoff
sign-up signup register registration enrol enroll enrolment onboarding
authenticate authentication authn verify-identity
authorise authorize authorisation authorization authz permission permissions entitlement
password passphrase passwords
credential credentials creds
token tokens jwt bearer
api-key apikey access-key
secret secrets
encrypt encryption encrypted cipher
decrypt decryption
hash hashing digest checksum
signature signatures signing signed
certificate certificates cert certs x509
on-call oncall paging pager pagerduty opsgenie escalation
alert alerts alerting alarm alarms
warn warning warnings notify notification notifications
incident incidents outage outages
monitor monitoring observability
metric metrics measurements
dashboard dashboards grafana
log logs logging
trace traces tracing
shutdown shut-down graceful-shutdown drain draining lame-duck terminate termination
restart restarts reboot
start-up startup boot bootstrap initialise initialize initialisation initialization
crash crashes panic
retry retries retrying backoff
timeout timeouts deadline
rate-limit rate-limiting throttle throttling ratelimit
atomic atomically atomicity all-or-nothing transactional transaction transactions
rollback roll-back revert undo
roll-out rollout release deploy deployment
canary canaries progressive-delivery
blue-green blue/green
feature-flag feature-flags feature-toggle feature-toggles flags toggles
preview-environment review-app review-apps ephemeral-environment
staging pre-production preprod
production prod live
sandbox playground
environment environments
autoscaler autoscaling auto-scaling autoscale auto-scaler scaling
scale-out scale-up horizontal-scaling
replica replicas replication replicate
failover fail-over fallback
high-availability availability redundancy
backup backups back-up snapshot snapshots
restore restoring recovery
disaster-recovery dr
archive archiving archival
retention retain expiry expire expiration ttl
delete deletion remove removal purge erase
soft-delete tombstone
duplicate duplicates dedupe deduplication
cache caching cached memoise memoize memoization
queue queues queueing queuing
message messages messaging
publish publishing publisher producer
subscribe subscription subscriber consumer consumers
event events
stream streams streaming
batch batches batching bulk
schedule scheduled scheduler cron crontab
job jobs task tasks
worker workers
background async asynchronous
synchronous sync blocking
webhook webhooks callback callbacks
endpoint endpoints route routes
request requests call calls
response responses reply replies
error errors failure failures
exception exceptions
bug bugs defect defects
validate validation validator check checks
sanitise sanitize sanitisation sanitization escaping
schema schemas
migrate migration migrations
upgrade upgrades update updates bump
version versions versioning
deprecate deprecated deprecation sunset end-of-life eol
dependency dependencies deps
library libraries package packages module modules gem gems crate crates
vendor vendoring vendored
container containers containerised containerized docker
image images
virtual-machine vm vms instance instances ec2 server servers host hosts
node nodes machine machines
cluster clusters
kubernetes k8s
pod pods
namespace namespaces tenant tenants multi-tenant multi-tenancy
load-balancer loadbalancer load-balancing lb alb elb nlb
proxy proxies reverse-proxy intermediary gateway
firewall firewalls waf
network networking
dns domain-name nameserver
domain domains
ip ip-address
egress outbound
ingress inbound
vpn tunnel
private-network vpc
public-internet internet-facing public-facing
cdn edge-cache
storage store stored persist persisted persistence
database databases db rdbms datastore
sql relational
nosql document-store key-value kv
bucket buckets object-storage s3 blob blobs
file files
upload uploads uploaded attachment attachments
download downloads
search full-text-search searching
index indexes indices indexing
query queries querying
report reports reporting
export exports exporting
import imports importing ingest ingestion
email emails e-mail mail
sms text-message
ui user-interface frontend front-end
backend back-end server-side
client-side browser
page pages view views screen screens
component components widget widgets
style styles styling css
template templates templating
render rendering renderer
single-page-app spa
static-site static-site-generator ssg
accessibility a11y wcag
i18n internationalisation internationalization localisation localization l10n translation translations
test tests testing
unit-test unit-tests unit-testing
end-to-end e2e end-to-end-tests integration-tests acceptance-tests
test-runner jest vitest mocha jasmine pytest rspec
snapshot-test visual-regression
lint linting linter
format formatting formatter
type-check typecheck type-checking
ci continuous-integration
cd continuous-delivery continuous-deployment
pipeline pipelines workflow workflows
repository repositories repo repos
monorepo mono-repo
branch branches branching
pull-request pull-requests pr prs merge-request merge-requests
code-review code-reviews review reviews reviewer reviewers
approve approval approvals sign-off
commit commits
tag tags release-tag
documentation docs documents readme
diagram diagrams
decision-record decision-records adr adrs
convention conventions guideline guidelines standard standards
naming naming-convention
configuration config configs settings
environment-variable environment-variables env-var env-vars
secret-manager secrets-manager vault
infrastructure-as-code iac terraform
provision provisioning
cloud-provider cloud-vendor
cost costs spend spending cheaper cheap expensive pricing
performance latency speed fast slow
throughput capacity
memory ram
cpu processor
disk volume volumes
audit audits auditing audit-log audit-trail
history changelog change-log
compliance regulatory regulation
privacy gdpr personal-data pii
consent cookie cookies
tracking tracker trackers analytics
user users account accounts
customer customers client clients
admin admins administrator administrators superuser
role roles
team teams squad squads
owner owners ownership maintainer maintainers
support helpdesk service-desk
permission-model access-control rbac acl
policy policies
rule rules
limit limits quota quotas
identifier identifiers id ids uuid
unique uniqueness
number numbering sequence sequential
date dates timestamp timestamps
time-zone timezone
format formats
json yaml toml
protocol protocols wire-format
serialise serialize serialisation serialization marshal marshalling encoding
deserialise deserialize decode decoding parse parsing
compress compression gzip
binary binaries executable executables
cli command-line command-line-interface terminal shell
script scripts scripting
language languages programming-language
javascript js ecmascript
typescript ts
python py
golang go
ruby rb
rust rs
shell bash sh
compiled compiler compile compilation
interpreted interpreter
framework frameworks
plugin plugins extension extensions add-on add-ons
hook hooks
middleware interceptor
abstraction abstractions interface interfaces
dependency-injection di inversion-of-control ioc
module-system modules
peer-to-peer p2p
consensus agreement
validator validators
block blocks
chain blockchain
transaction tx txs
mempool tx-pool
light-client lite-client
state-sync statesync fast-sync
gossip broadcast
vote votes voting prevote precommit
proposer proposal proposals
evidence misbehaviour misbehavior slashing
double-sign double-signing equivocation
fork forks hard-fork
genesis initial-state
height block-height
`;

export interface Synonym {
  /** Raw lower-case words of the member: one for a word, several for a phrase. */
  words: string[];
  /** From a CLOSE group (near-synonym) rather than a RELATED one. */
  close: boolean;
}

/** The lookup key of a word or phrase: its words written together ("Sign-in", "sign in" -> "signin"). */
export function synonymKey(words: readonly string[]): string {
  return words.join('').toLowerCase();
}

/**
 * Other members of the groups of a word or phrase (by synonymKey), near-synonyms
 * first; an inflected form is looked up by its stem ("deploying" -> "deploy").
 */
export function synonymsOf(key: string): readonly Synonym[] {
  let hit = cache.get(key);
  if (!hit) {
    hit = lookup(key);
    if (hit.length === 0) hit = lookup(stem(key));
    cache.set(key, hit);
  }
  return hit;
}

const cache = new Map<string, Synonym[]>();
let lines: string[] | undefined;
let keyed: string | undefined;
let starts: number[] | undefined;

/**
 * Found by searching the groups' text, not through a table of every member:
 * a query makes a few dozen lookups, while building the table costs several
 * milliseconds on every recall (a process answers one query).
 */
function lookup(key: string): Synonym[] {
  if (!lines || keyed === undefined || !starts) {
    lines = [...CLOSE.split('\n').map((l) => `+${l}`), ...RELATED.split('\n').map((l) => `-${l}`)].filter((l) => l.length > 1);
    // One line per group, each member written as its key, between spaces.
    keyed = lines.map((l) => ` ${l.slice(1).trim().toLowerCase().replace(/[-_/]/g, '').replace(/\s+/g, ' ')} `).join('\n');
    starts = [0];
    for (let i = keyed.indexOf('\n'); i >= 0; i = keyed.indexOf('\n', i + 1)) starts.push(i + 1);
  }
  const out: Synonym[] = [];
  const have = new Set([key]);
  const needle = ` ${key} `;
  for (let at = keyed.indexOf(needle); at >= 0; at = keyed.indexOf(needle, at + 1)) {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((starts[mid] as number) <= at) lo = mid;
      else hi = mid - 1;
    }
    const line = lines[lo] as string;
    const close = line[0] === '+';
    for (const m of line.slice(1).trim().split(/\s+/)) {
      const words = m.toLowerCase().split(/[-_/]/).filter(Boolean);
      const k = synonymKey(words);
      if (have.has(k)) continue;
      have.add(k);
      out.push({ words, close });
    }
  }
  return out;
}
