namespace Ressursvenn.Matching;

/// <summary>Great-circle distances on a spherical earth.</summary>
public static class Geo
{
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>Haversine distance in kilometres.</summary>
    public static double DistanceKm(GeoPoint a, GeoPoint b)
    {
        var lat1 = ToRadians(a.Latitude);
        var lat2 = ToRadians(b.Latitude);
        return DistanceKm(lat1, ToRadians(a.Longitude), Math.Cos(lat1), lat2, ToRadians(b.Longitude), Math.Cos(lat2));
    }

    internal static double DistanceKm(double lat1, double lon1, double cosLat1, double lat2, double lon2, double cosLat2)
    {
        var sinDLat = Math.Sin((lat2 - lat1) * 0.5);
        var sinDLon = Math.Sin((lon2 - lon1) * 0.5);
        var h = (sinDLat * sinDLat) + (cosLat1 * cosLat2 * sinDLon * sinDLon);
        return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(Math.Min(1.0, h)));
    }

    internal static double ToRadians(double degrees) => degrees * (Math.PI / 180.0);
}
