namespace Ressursvenn.Web.Security;

/// <summary>
/// The "Keys" configuration section: the folder for key material kept outside the database (field-encryption
/// keys). It is backed up beside the database by the backup command, and must be readable by every instance.
/// </summary>
public sealed class KeyStorageOptions
{
    public const string Section = "Keys";

    /// <summary>Relative to the data folder unless absolute.</summary>
    public string Folder { get; set; } = "keys";
}
