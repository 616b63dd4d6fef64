/**
 * The normal distribution for the sampler: an accurate CDF (Cody's erfc via a continued-fraction-free
 * rational approximation, ~1e-15 relative) and quantile (Acklam's rational approximation refined by
 * one Halley step, full double precision), and a truncated normal drawn by inverse CDF so one
 * uniform always yields one draw — no rejection loop, deterministic for a stream.
 */

/** Complementary error function, W. J. Cody's rational approximations (relative error < 1e-14). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  let result: number;
  if (z < 0.5) {
    const t = z * z;
    const top = (((0.1857777061846031526730 * t + 3.161123743870565596947) * t + 113.8641541510501556495) * t + 377.4852376853020208137) * t + 3209.377589138469472562;
    const bottom = (((t + 23.60129095234412093499) * t + 244.0246379344441733056) * t + 1282.616526077372275645) * t + 2844.236833439170622273;
    const erfValue = (z * top) / bottom;
    return x >= 0 ? 1 - erfValue : 1 + erfValue;
  } else if (z < 4) {
    const top = (((((((2.15311535474403846343e-8 * z + 0.564188496988670089180) * z + 8.88314979438837594118) * z + 66.1191906371416294775) * z + 298.635138197400131132) * z + 881.952221241769090411) * z + 1712.04761263407058314) * z + 2051.07837782607146532) * z + 1230.33935479799725272;
    const bottom = (((((((z + 15.7449261107098347253) * z + 117.693950891312499305) * z + 537.181101862009857509) * z + 1621.38957456669018874) * z + 3290.79923573345962678) * z + 4362.61909014324715820) * z + 3439.36767414372163696) * z + 1230.33935480374942043;
    result = (Math.exp(-z * z) * top) / bottom;
  } else {
    const t = 1 / (z * z);
    const top = ((((0.0163153871373020978498 * t + 0.305326634961232344035) * t + 0.360344899949804439429) * t + 0.125781726111229246204) * t + 0.0160837851487422766278) * t + 0.000658749161529837803157;
    const bottom = ((((t + 2.56852019228982242072) * t + 1.87295284992346725209) * t + 0.527905102951428412248) * t + 0.0605183413124413191178) * t + 0.00233520497626869185443;
    result = (Math.exp(-z * z) / z) * (0.5641895835477562869 - (t * top) / bottom);
  }
  return x >= 0 ? result : 2 - result;
}

/** Standard normal CDF. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Standard normal quantile for p in (0, 1): Acklam's approximation plus one Halley refinement. */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const [a0, a1, a2, a3, a4, a5] = A as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = B as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = C as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = D as [number, number, number, number];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  const error = normalCdf(x) - p;
  const u = error * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

export interface TruncatedNormal {
  min: number;
  max: number;
  mean: number;
  sd: number;
}

/**
 * The draw of a normal(mean, sd) truncated to [min, max] for the uniform `u` in [0, 1). Works in the
 * lower tail (mirroring when the window lies above the mean) so CDF values stay far from 1, where
 * doubles lose precision.
 */
export function truncatedNormalQuantile(spec: TruncatedNormal, u: number): number {
  const { min, max, mean, sd } = spec;
  if (max <= min) return min;
  if (!(sd > 0)) return Math.min(max, Math.max(min, mean));
  let alpha = (min - mean) / sd;
  let beta = (max - mean) / sd;
  // A subnormal sd puts both edges infinitely many sds away: the distribution is a point at the
  // mean, or at the edge nearest it when the mean lies outside the window.
  if (!Number.isFinite(alpha) && !Number.isFinite(beta)) return Math.min(max, Math.max(min, mean));
  const mirrored = alpha > 0;
  if (mirrored) [alpha, beta] = [-beta, -alpha];
  const lowCdf = normalCdf(alpha);
  const highCdf = normalCdf(beta);
  let z: number;
  if (highCdf - lowCdf <= 0) {
    // The window is so deep in the tail that its CDF underflows; there the truncated normal is
    // close to an exponential falling away from beta (the edge nearest the mean) with rate |beta|
    // (Mills ratio), which we invert instead.
    const rate = Math.max(-beta, 1e-12);
    z = beta + Math.log(1 - u * (1 - Math.exp(-rate * (beta - alpha)))) / rate;
    z = Math.min(beta, Math.max(alpha, z));
  } else {
    const p = lowCdf + u * (highCdf - lowCdf);
    z = normalQuantile(Math.min(Math.max(p, Number.MIN_VALUE), 1 - Number.EPSILON / 2));
    z = Math.min(beta, Math.max(alpha, z));
  }
  if (mirrored) z = -z;
  return Math.min(max, Math.max(min, mean + sd * z));
}
