// Reads what Prometheus holds through its HTTP API: instant query values.
export interface Sample { readonly metric: Record<string, string>; readonly value: number }

export async function query(prometheusUrl: string, promql: string): Promise<Sample[]> {
  const answer = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  if (!answer.ok) throw new Error(`Prometheus answered ${answer.status} for ${promql}`);
  const body = (await answer.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
  return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}

/** The single value of a query that sums to one series, or undefined while there is none. */
export async function scalar(prometheusUrl: string, promql: string): Promise<number | undefined> {
  const [first] = await query(prometheusUrl, promql);
  return first?.value;
}
