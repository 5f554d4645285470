using Sekisho.Protocol.DataChannel;

namespace Sekisho.Agent.Sessions;

/// <summary>
/// One stream message from the client, in sequence order: Output (keystrokes, or command stdin), Size (a
/// <see cref="TerminalSize"/> JSON), Flag, ... The payload is a copy the worker owns.
/// </summary>
public readonly record struct SessionInput(PayloadType PayloadType, ReadOnlyMemory<byte> Payload);
