namespace Ressursvenn.Web.Domain;

public sealed class County
{
    public required string Code { get; set; }

    public required string Name { get; set; }
}

/// <summary>
/// A municipality with a population-weighted centre position. The position says "about where people live";
/// it is never an address and never shown as one.
/// </summary>
public sealed class Municipality
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string CountyCode { get; set; }

    public int Population { get; set; }

    public double Latitude { get; set; }

    public double Longitude { get; set; }

    /// <summary>False when a later data version no longer lists the code (merged or split).</summary>
    public bool Current { get; set; } = true;
}

public sealed class PostalCode
{
    public required string Code { get; set; }

    public required string Place { get; set; }

    public required string MunicipalityCode { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public bool Current { get; set; } = true;
}

/// <summary>Which version of a shipped data set is loaded, so a new version is applied once as a data change.</summary>
public sealed class ReferenceDataVersion
{
    public required string DataSet { get; set; }

    public required string Version { get; set; }

    public DateTime LoadedAt { get; set; }
}
