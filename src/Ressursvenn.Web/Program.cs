using Ressursvenn.Web;
using Ressursvenn.Web.Cli;
using Ressursvenn.Web.Data;

// Composition only: what the app is made of is in AddData / AddSecurity / AddInfrastructure / AddFeatures,
// how a request flows is in UseRessursvenn, and admin commands (migrate, seed-demo, backup ...) are in Cli/.
try
{
    var command = CliCommand.Parse(args);
    var builder = WebApplication.CreateBuilder(args);
    builder.AddRessursvenn();
    await using var app = builder.Build();
    if (command is not null)
    {
        return await command.RunAsync(app);
    }

    app.UseRessursvenn();
    await app.PrepareAndRunAsync();
    return 0;
}
catch (StartupException ex)
{
    await Console.Error.WriteLineAsync($"Ressursvenn cannot start: {ex.Message}");
    return 2;
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"Ressursvenn cannot start: {string.Join(" ", ex.Failures)}");
    return 2;
}
catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is Microsoft.Extensions.Options.OptionsValidationException))
{
    var failures = ex.InnerExceptions.Cast<Microsoft.Extensions.Options.OptionsValidationException>().SelectMany(e => e.Failures);
    await Console.Error.WriteLineAsync($"Ressursvenn cannot start: {string.Join(" ", failures)}");
    return 2;
}
catch (InvalidOperationException ex) when (ex.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
{
    await Console.Error.WriteLineAsync($"Ressursvenn cannot start: the configuration is not valid: {ex.Message}");
    return 2;
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
