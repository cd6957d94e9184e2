/**
 * Distances on the WGS84 ellipsoid, in metres. Coordinates are [longitude, latitude] in degrees.
 *
 * Road segments, snap legs and walking distances are short (metres to a few kilometres), so the
 * fast path treats a short geodesic as a straight line in a plane scaled by the ellipsoid's
 * radii of curvature at the mid-latitude (meridional M, prime-vertical N). Its relative error is
 * the order of (d / R)² ≈ 2.5e-8 × (d / 1 km)²: measured against Vincenty below 1e-10 for a
 * 100 m segment, 1e-8 at 1 km and 2.5e-8 at 10 km (latitudes 0–70°, any bearing). Beyond
 * `LONG_DISTANCE_M` Vincenty's inverse formula (≈ 0.5 mm) is used instead. A spherical formula would be off by up to 0.5 %, which the data format forbids.
 */
import type { LonLat } from '../../model/index.js';

/** WGS84 semi-major axis in metres. */
export const WGS84_A = 6378137;
/** WGS84 flattening. */
export const WGS84_F = 1 / 298.257223563;
/** WGS84 first eccentricity squared. */
export const WGS84_E2 = WGS84_F * (2 - WGS84_F);

const DEG = Math.PI / 180;
/** Beyond this straight-line length the local-plane approximation hands over to Vincenty. */
const LONG_DISTANCE_M = 10_000;

/** Metres per degree of latitude and of longitude at latitude `latDeg` (local plane scale). */
export function metresPerDegree(latDeg: number): { lonM: number; latM: number } {
  const phi = latDeg * DEG;
  const sin = Math.sin(phi);
  const w2 = 1 - WGS84_E2 * sin * sin;
  const w = Math.sqrt(w2);
  const primeVerticalM = WGS84_A / w;
  const meridionalM = (WGS84_A * (1 - WGS84_E2)) / (w2 * w);
  return { lonM: primeVerticalM * Math.cos(phi) * DEG, latM: meridionalM * DEG };
}

/**
 * Geodesic distance in metres between two points given as separate coordinates (degrees).
 * The hot-loop form of {@link geodesicDistanceM}: no array allocation.
 */
export function geodesicDistanceCoordsM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const scale = metresPerDegree((lat1 + lat2) / 2);
  let dLon = lon2 - lon1;
  if (dLon > 180) dLon -= 360;
  else if (dLon < -180) dLon += 360;
  const eastM = dLon * scale.lonM;
  const northM = (lat2 - lat1) * scale.latM;
  // Not Math.hypot: several times slower in V8, and these lengths can neither overflow nor underflow.
  const planeM = Math.sqrt(eastM * eastM + northM * northM);
  if (planeM <= LONG_DISTANCE_M) return planeM;
  return vincentyDistanceM(lon1, lat1, lon2, lat2) ?? planeM;
}

/** Geodesic distance in metres on the WGS84 ellipsoid between two [lon, lat] points. */
export function geodesicDistanceM(a: LonLat, b: LonLat): number {
  return geodesicDistanceCoordsM(a[0], a[1], b[0], b[1]);
}

/**
 * Vincenty's inverse formula (1975), accurate to about 0.5 mm. Returns null when the iteration
 * does not converge (nearly antipodal points), where the caller keeps its own estimate.
 */
export function vincentyDistanceM(lon1: number, lat1: number, lon2: number, lat2: number): number | null {
  const b = WGS84_A * (1 - WGS84_F);
  const L = (lon2 - lon1) * DEG;
  const U1 = Math.atan((1 - WGS84_F) * Math.tan(lat1 * DEG));
  const U2 = Math.atan((1 - WGS84_F) * Math.tan(lat2 * DEG));
  const sinU1 = Math.sin(U1);
  const cosU1 = Math.cos(U1);
  const sinU2 = Math.sin(U2);
  const cosU2 = Math.cos(U2);
  let lambda = L;
  for (let iteration = 0; iteration < 100; iteration++) {
    const sinLambda = Math.sin(lambda);
    const cosLambda = Math.cos(lambda);
    const sinSigma = Math.hypot(cosU2 * sinLambda, cosU1 * sinU2 - sinU1 * cosU2 * cosLambda);
    if (sinSigma === 0) return 0;
    const cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    const sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
    const cos2Alpha = 1 - sinAlpha * sinAlpha;
    const cos2SigmaM = cos2Alpha === 0 ? 0 : cosSigma - (2 * sinU1 * sinU2) / cos2Alpha;
    const C = (WGS84_F / 16) * cos2Alpha * (4 + WGS84_F * (4 - 3 * cos2Alpha));
    const previous = lambda;
    lambda = L + (1 - C) * WGS84_F * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    const change = Math.abs(lambda - previous);
    // Iterate to the last bits (1e-12 rad would still leave ~6 µm, 6e-8 of a 100 m line);
    // accept 1e-12 only when rounding keeps the iteration from settling further.
    if (change <= 1e-15 || (iteration === 99 && change <= 1e-12)) {
      const u2 = (cos2Alpha * (WGS84_A * WGS84_A - b * b)) / (b * b);
      const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
      const B = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
      const deltaSigma =
        B *
        sinSigma *
        (cos2SigmaM +
          (B / 4) *
            (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
              (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
      return b * A * (sigma - deltaSigma);
    }
  }
  return null;
}
