using System.Reflection;
using NetArchTest.Rules;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.UnitTests;

/// <summary>
/// The direction of the layers in the compiled web assembly: the domain knows nothing of the data layer, the
/// infrastructure or the features, and the infrastructure nothing of the features. A failure names each offending
/// type with the namespace it reaches into.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Web = "Ressursvenn.Web";
    private const string Domain = Web + ".Domain";
    private const string Data = Web + ".Data";
    private const string Infrastructure = Web + ".Infrastructure";
    private const string Features = Web + ".Features";

    private static readonly Assembly WebAssembly = typeof(EncryptedAttribute).Assembly;

    [Fact]
    public void Domain_DependsOnNeitherData_NorInfrastructure_NorFeatures() =>
        AssertNoDependency(Domain, Data, Infrastructure, Features);

    [Fact]
    public void Infrastructure_DoesNotDependOnFeatures() =>
        AssertNoDependency(Infrastructure, Features);

    [Fact]
    public void TheCheck_FindsADependencyThatExists()
    {
        // The data layer reads the domain's [Encrypted] marker: were this not found, the rules above would prove nothing.
        Assert.Contains($"{Data}.Encryption.EncryptedProperties", Offenders(Data, Domain));
    }

    /// <summary>Fails, naming every type of <paramref name="layer"/> that uses a type of any <paramref name="forbidden"/> namespace.</summary>
    private static void AssertNoDependency(string layer, params string[] forbidden)
    {
        Assert.NotEmpty(Types.InAssembly(WebAssembly).That().ResideInNamespace(layer).GetTypes());
        var offences = forbidden
            .SelectMany(f => Offenders(layer, f).Select(type => $"{type} -> {f}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var offence in offences)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(offence);
        }

        Assert.True(offences.Count == 0,
            $"{layer} must not depend on {string.Join(", ", forbidden)}; offending types:{Environment.NewLine}{string.Join(Environment.NewLine, offences)}");
    }

    private static List<string> Offenders(string layer, string dependency)
    {
        var result = Types.InAssembly(WebAssembly).That().ResideInNamespace(layer)
            .ShouldNot().HaveDependencyOn(dependency)
            .GetResult();
        return result.IsSuccessful ? [] : [.. result.FailingTypeNames];
    }
}
