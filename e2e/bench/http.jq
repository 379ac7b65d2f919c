# jq definitions of the benchmark phase httpbench (e2e/bench/http.sh): one run's summary from
# vegeta's JSON report and the metric snapshots, and its FIGURE line and table row.

def r($digits): pow(10; $digits) as $p | . * $p | round / $p;

# "cpu operator 349\ncpu apiserver 240\n..." -> {operator: 349, ...}
def ticks: split("\n") | map(select(length > 0) | split(" ") | {key: .[1], value: (.[2] | tonumber)}) | from_entries;

def per_request($before; $after; $n; $tck):
  $after | to_entries | map({key: .key, value: ((.value - $before[.key]) / $tck * 1000 / $n)}) | from_entries;

def metric_delta($before; $after; $n):
  if $before == "" or $after == "" then null else (($after | tonumber) - ($before | tonumber)) / $n end;

# Inputs as --arg/--rawfile/--slurpfile of http.sh's bench_summary.
def summary:
  $report[0] as $v | $v.requests as $n |
  ($before | ticks) as $b |
  {target: $target, rate: ($rate | tonumber), seconds: ($seconds | tonumber), requests: $n,
   ms: ($v.latencies | {p50: (."50th" / 1e6), p90: (."90th" / 1e6), p99: (."99th" / 1e6), max: (.max / 1e6)}),
   success: $v.success, codes: $v.status_codes, errors: (($v.errors // [])[:5]),
   cpu_ms_per_request: per_request($b; $after | ticks; $n; $tck | tonumber),
   cpu_ms_per_request_attack_only: per_request($b; $attack_end | ticks; $n; $tck | tonumber),
   load_generator_cpu_ms_per_request: (($generator | split(" ")[2] | tonumber) * 1000 / $n),
   api_requests_per_request: ($requests | split("\n") | map(select(length > 0) | split(" ")
     | {verb: .[0], resource: .[1], code: .[2], count: (.[3] | tonumber), per: ((.[3] | tonumber) / $n)})),
   etcd: {db_in_use_bytes_after: (if $db_after == "" then null else ($db_after | tonumber) end),
          db_in_use_bytes_per_request: metric_delta($db_before; $db_after; $n),
          keys_per_request: metric_delta($keys_before; $keys_after; $n),
          puts_per_request: metric_delta($puts_before; $puts_after; $n)}};

# API requests per upload by verb and resource (codes summed; codes other than 2xx named), largest
# first; below $min the rest (the API server's and the lease's own background) summed as "other".
def requests($min; $digits):
  [.api_requests_per_request | group_by(.verb + " " + .resource)[]
    | {k: (.[0].verb + " " + .[0].resource), per: (map(.per) | add),
       bad: (map(select(.code | test("^2") | not) | .code + "×" + (.count | tostring)) | join(" "))}]
  | sort_by(-.per)
  | (map(select(.per >= $min) | .k + " " + (.per | r($digits) | tostring) + (if .bad != "" then " (" + .bad + ")" else "" end)))
    + (map(select(.per < $min) | .per) | add | if . then ["other " + (r($digits) | tostring)] else [] end)
  | join(", ");

def codes: .codes | to_entries | map(.key + "×" + (.value | tostring)) | join(" ");

def figure:
  "FIGURE \(.target) \(.rate)/s: \(.requests) requests, p50 \(.ms.p50 | r(1)) ms, p90 \(.ms.p90 | r(1)) ms, "
  + "p99 \(.ms.p99 | r(1)) ms, max \(.ms.max | round) ms, success \(.success * 100 | r(1)) %, codes \(codes); "
  + "CPU ms/upload operator \(.cpu_ms_per_request.operator | r(1)), kube-apiserver \(.cpu_ms_per_request.apiserver | r(1)), "
  + "etcd \(.cpu_ms_per_request.etcd | r(1)) (attack only: \(.cpu_ms_per_request_attack_only | [.operator, .apiserver, .etcd] | map(r(1) | tostring) | join(" / "))), "
  + "vegeta \(.load_generator_cpu_ms_per_request | r(1)); "
  + "API requests/upload: \(requests(0; 3)); "
  + "etcd per upload: \(.etcd.db_in_use_bytes_per_request // 0 | round) bytes in use, \(.etcd.keys_per_request // 0 | r(2)) keys, "
  + "\(.etcd.puts_per_request // 0 | r(2)) puts"
  + (if (.errors | length) > 0 then "; errors: " + (.errors | join("; ")) else "" end);

# The markdown table of all runs (input: the summaries, slurped), with the kube-apiserver + etcd
# CPU per upload as a ratio to the bare run at the same rate.
def apiserver_etcd: .cpu_ms_per_request.apiserver + .cpu_ms_per_request.etcd;
def table:
  (map(select(.target == "bare") | {key: (.rate | tostring), value: apiserver_etcd}) | from_entries) as $bare |
  "| rate | target | p50 / p90 / p99 / max ms | success | codes | CPU ms/upload operator / kube-apiserver / etcd | kube-apiserver + etcd vs bare | API requests per upload |",
  "|---|---|---|---|---|---|---|---|",
  (.[] | $bare[.rate | tostring] as $base |
    "| \(.rate)/s | \(.target) | \(.ms.p50 | r(1)) / \(.ms.p90 | r(1)) / \(.ms.p99 | r(1)) / \(.ms.max | round) "
    + "| \(.success * 100 | r(1)) % | \(codes) "
    + "| \(.cpu_ms_per_request | [.operator, .apiserver, .etcd] | map(r(1) | tostring) | join(" / ")) "
    + "| \(if $base == null then "–" elif .target == "bare" then "baseline" else (apiserver_etcd / $base | r(1) | tostring) + "×" end) "
    + "| \(requests(0.05; 2)) |");
