namespace Ressursvenn.Web.Domain;

/// <summary>The national office (NKS sentralt). There is one.</summary>
public sealed class NationalOffice : VersionedEntity
{
    public required string Name { get; set; }
}

/// <summary>A local association (lokalforening) running the programme in its area.</summary>
public sealed class LocalAssociation : VersionedEntity
{
    public required string Name { get; set; }

    public required string CountyCode { get; set; }

    public bool Active { get; set; } = true;

    public List<AssociationMunicipality> Municipalities { get; set; } = [];

    public List<CrisisCentreAssociation> CrisisCentres { get; set; } = [];
}

/// <summary>A municipality an association covers.</summary>
public sealed class AssociationMunicipality
{
    public Guid AssociationId { get; set; }

    public required string MunicipalityCode { get; set; }
}

/// <summary>A crisis centre (krisesenter) that refers women to associations.</summary>
public sealed class CrisisCentre : VersionedEntity
{
    public required string Name { get; set; }

    public required string MunicipalityCode { get; set; }

    public bool Active { get; set; } = true;

    public List<CrisisCentreAssociation> Associations { get; set; } = [];
}

/// <summary>An association a crisis centre works with.</summary>
public sealed class CrisisCentreAssociation
{
    public Guid CrisisCentreId { get; set; }

    public Guid AssociationId { get; set; }
}
