namespace Sekisho.Server.Sessions;

/// <summary>Which way a frame travels through the relay.</summary>
public enum RelayDirection
{
    /// <summary>Client to agent: input_stream_data (keys, Size, port bytes from the client).</summary>
    ToAgent = 0,

    /// <summary>Agent to client: output_stream_data.</summary>
    ToClient = 1,
}
