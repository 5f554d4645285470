using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Sekisho.Protocol.Buffers;

namespace Sekisho.Server.Hosting;

/// <summary>Registered in place of Kestrel's factory: every transport and the HTTPS layer take their pools from it.</summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
