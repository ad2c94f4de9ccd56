using System.Text;

namespace Ressursvenn.Web.Security;

/// <summary>
/// A NUL character (U+0000, "%00") in a posted form is removed before the form is read: nothing visible is lost, the
/// form's own rules still run on the rest, and she keeps everything she typed instead of meeting a generic 400 page
/// (SR22). Only URL-encoded forms up to the form size limit are rewritten; other bodies pass untouched.
/// </summary>
public sealed class NulCharacterMiddleware(RequestDelegate next)
{
    private const int MaxBody = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method)
            && request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
            && request.ContentLength is null or <= MaxBody)
        {
            request.EnableBuffering(MaxBody);
            using var reader = new StreamReader(request.Body, Encoding.Latin1, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            if (body.Contains("%00", StringComparison.Ordinal))
            {
                var cleaned = Encoding.Latin1.GetBytes(body.Replace("%00", string.Empty, StringComparison.Ordinal));
                request.Body = new MemoryStream(cleaned);
                request.ContentLength = cleaned.Length;
            }
            else
            {
                request.Body.Position = 0;
            }
        }

        await next(context);
    }
}
