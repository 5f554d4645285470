using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sekisho.Protocol.AgentChannel;
using Sekisho.Server.Hosting;

namespace Sekisho.Server.Nodes;

/// <summary>Maps the agent's endpoints: registration, credentials (JSON POSTs) and the control WebSocket.</summary>
public sealed class AgentEndpointsModule(NodeRegistration registration, AgentControlEndpoint control) : IEndpointModule
{
    private const int MaxBodyBytes = 16 * 1024;

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(AgentEndpoints.Register, RegisterAsync);
        endpoints.MapPost(AgentEndpoints.Credentials, CredentialsAsync);
        endpoints.Map(AgentEndpoints.Control, control.HandleAsync);
    }

    private async Task RegisterAsync(HttpContext context)
    {
        var request = await ReadAsync(context, AgentChannelJsonContext.Default.AgentRegistrationRequest);
        if (request is null) return;
        var result = await registration.RegisterAsync(request, context.RequestAborted);
        await WriteAsync(context, result, AgentChannelJsonContext.Default.AgentRegistrationResponse);
    }

    private async Task CredentialsAsync(HttpContext context)
    {
        var request = await ReadAsync(context, AgentChannelJsonContext.Default.AgentCredentialsRequest);
        if (request is null) return;
        var result = await registration.CredentialsAsync(request, context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        await WriteAsync(context, result, AgentChannelJsonContext.Default.AgentCredentialsResponse);
    }

    /// <summary>The body as <typeparamref name="T"/>, or null after answering 400 / 413.</summary>
    private static async Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type) where T : class
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await WriteErrorAsync(context, 413, "RequestTooLarge", $"The body is larger than {MaxBodyBytes} bytes.");
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                await WriteErrorAsync(context, 413, "RequestTooLarge", $"The body is larger than {MaxBodyBytes} bytes.");
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        try
        {
            if (JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), type) is { } value) return value;
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(context, 400, "InvalidRequest", $"The body is not a valid {typeof(T).Name}: {e.Message}");
            return null;
        }
        await WriteErrorAsync(context, 400, "InvalidRequest", $"The body must be a {typeof(T).Name} JSON object.");
        return null;
    }

    private static async Task WriteAsync<T>(HttpContext context, AgentResult<T> result, JsonTypeInfo<T> type) where T : class
    {
        if (result.Error is { } error)
        {
            await WriteErrorAsync(context, result.Status, error.Code, error.Message);
            return;
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(result.Value!, type), context.RequestAborted);
    }

    internal static async Task WriteErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(new AgentErrorResponse(code, message),
            AgentChannelJsonContext.Default.AgentErrorResponse), context.RequestAborted);
    }
}
