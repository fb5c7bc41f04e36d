# Sourced by scripts/stack/start and stop: where the local stack runs and listens. Every value can be
# overridden from the environment; all listeners are on 127.0.0.1.
# shellcheck shell=bash

STACK_HOST=127.0.0.1
STACK_RUN_DIR="${FAULTLINE_STACK_RUN_DIR:-${TMPDIR:-/tmp}/faultline-stack}"

# Collector (the apps send here).
OTLP_GRPC_PORT="${FAULTLINE_STACK_OTLP_GRPC_PORT:-4317}"
OTLP_HTTP_PORT="${FAULTLINE_STACK_OTLP_HTTP_PORT:-4318}"
COLLECTOR_HEALTH_PORT="${FAULTLINE_STACK_COLLECTOR_HEALTH_PORT:-13133}"
COLLECTOR_METRICS_PORT="${FAULTLINE_STACK_COLLECTOR_METRICS_PORT:-8888}"
# Jaeger, moved off the Collector's defaults.
JAEGER_OTLP_GRPC_PORT="${FAULTLINE_STACK_JAEGER_OTLP_GRPC_PORT:-4417}"
JAEGER_OTLP_HTTP_PORT="${FAULTLINE_STACK_JAEGER_OTLP_HTTP_PORT:-4418}"
JAEGER_QUERY_PORT="${FAULTLINE_STACK_JAEGER_QUERY_PORT:-16686}"
JAEGER_QUERY_GRPC_PORT="${FAULTLINE_STACK_JAEGER_QUERY_GRPC_PORT:-16685}"
JAEGER_HEALTH_PORT="${FAULTLINE_STACK_JAEGER_HEALTH_PORT:-13134}"
JAEGER_METRICS_PORT="${FAULTLINE_STACK_JAEGER_METRICS_PORT:-8889}"
# Prometheus (its OTLP receiver takes the Collector's metrics; it evaluates the alert rules).
PROMETHEUS_PORT="${FAULTLINE_STACK_PROMETHEUS_PORT:-9090}"
# Alertmanager (clustering off, so no 9094).
ALERTMANAGER_PORT="${FAULTLINE_STACK_ALERTMANAGER_PORT:-9093}"

ports_of() {
  case "$1" in
    alertmanager) echo "$ALERTMANAGER_PORT" ;;
    prometheus) echo "$PROMETHEUS_PORT" ;;
    jaeger) echo "$JAEGER_OTLP_GRPC_PORT $JAEGER_OTLP_HTTP_PORT $JAEGER_QUERY_PORT $JAEGER_QUERY_GRPC_PORT $JAEGER_HEALTH_PORT $JAEGER_METRICS_PORT" ;;
    collector) echo "$OTLP_GRPC_PORT $OTLP_HTTP_PORT $COLLECTOR_HEALTH_PORT $COLLECTOR_METRICS_PORT" ;;
  esac
}

health_url_of() {
  case "$1" in
    alertmanager) echo "http://$STACK_HOST:$ALERTMANAGER_PORT/-/ready" ;;
    prometheus) echo "http://$STACK_HOST:$PROMETHEUS_PORT/-/ready" ;;
    jaeger) echo "http://$STACK_HOST:$JAEGER_HEALTH_PORT/status" ;;
    collector) echo "http://$STACK_HOST:$COLLECTOR_HEALTH_PORT/" ;;
  esac
}

pid_of() {
  local file="$STACK_RUN_DIR/$1.pid" pid
  [ -f "$file" ] || return 1
  pid="$(cat "$file")"
  kill -0 "$pid" 2>/dev/null || return 1
  # An exited child that nobody reaped yet (a zombie) still answers kill -0.
  case "$(ps -o stat= -p "$pid" 2>/dev/null)" in Z*) return 1 ;; esac
  echo "$pid"
}
