package dev.zg.node.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import dev.zg.consensus.Timeouts;
import dev.zg.consensus.Validator;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The validator transport over loopback: the handshake admits configured validators only,
 * messages arrive in order, and a peer that sends a malformed frame is cut off and refused.
 */
class PeerNetworkTest {
  private static final long CHAIN_ID = 31337;
  private static final Hash GENESIS = Hash.keccak(new byte[] {1});

  private final Secp256k1.KeyPair a = key(1);
  private final Secp256k1.KeyPair b = key(2);
  private final Secp256k1.KeyPair outsider = key(3);
  private final List<WireMessage> receivedByB = new CopyOnWriteArrayList<>();
  private PeerNetwork netA;
  private PeerNetwork netB;

  @AfterEach
  void close() {
    if (netA != null) {
      netA.close();
    }
    if (netB != null) {
      netB.close();
    }
  }

  @Test
  void validatorsConnectAndTalk() throws Exception {
    int portA = ValidatorNetworkTest.freePort();
    int portB = ValidatorNetworkTest.freePort();
    netA = network(a, portA, b, portB, new CopyOnWriteArrayList<>());
    netB = network(b, portB, a, portA, receivedByB);
    netA.start();
    netB.start();
    ValidatorNetworkTest.await(() -> netA.connected().contains(b.address())
        && netB.connected().contains(a.address()));
    for (long h = 1; h <= 100; h++) {
      netA.broadcast(new WireMessage.Status(h));
    }
    ValidatorNetworkTest.await(() -> receivedByB.size() >= 100);
    assertThat(receivedByB.subList(receivedByB.size() - 100, receivedByB.size()))
        .extracting(m -> ((WireMessage.Status) m).height())
        .isSortedAccordingTo(Long::compare);
  }

  @Test
  void aKeyOutsideThePeerListIsRefused() throws Exception {
    int portA = ValidatorNetworkTest.freePort();
    netA = network(a, portA, b, ValidatorNetworkTest.freePort(), new CopyOnWriteArrayList<>());
    netA.start();
    try (Socket s = new Socket("127.0.0.1", portA)) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      handshake(in, out, outsider);
      assertThat(closedByPeer(in)).isTrue();
    }
    assertThat(netA.connected()).isEmpty();
  }

  @Test
  void aMalformedFrameGetsThePeerBanned() throws Exception {
    int portA = ValidatorNetworkTest.freePort();
    netA = network(a, portA, b, ValidatorNetworkTest.freePort(), new CopyOnWriteArrayList<>());
    netA.start();
    try (Socket s = new Socket("127.0.0.1", portA)) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      handshake(in, out, b);
      ValidatorNetworkTest.await(() -> netA.connected().contains(b.address()));
      out.writeInt(3);
      out.write(new byte[] {99, 1, 2}); // an unknown frame type
      out.flush();
      assertThat(closedByPeer(in)).isTrue();
    }
    assertThat(netA.isBanned(b.address())).isTrue();
    // While banned, even a correct handshake is refused.
    try (Socket s = new Socket("127.0.0.1", portA)) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      handshake(in, new DataOutputStream(s.getOutputStream()), b);
      assertThat(closedByPeer(in)).isTrue();
    }
  }

  @Test
  void anOversizedFrameGetsThePeerBanned() throws Exception {
    int portA = ValidatorNetworkTest.freePort();
    netA = network(a, portA, b, ValidatorNetworkTest.freePort(), new CopyOnWriteArrayList<>());
    netA.start();
    try (Socket s = new Socket("127.0.0.1", portA)) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      handshake(in, out, b);
      out.writeInt(WireCodec.FRAME_BYTES_MAX + 1);
      out.flush();
      assertThat(closedByPeer(in)).isTrue();
    }
    assertThat(netA.isBanned(b.address())).isTrue();
  }

  /** Plays the client side of the handshake with {@code key}. */
  private static void handshake(DataInputStream in, DataOutputStream out, Secp256k1.KeyPair key)
      throws Exception {
    byte[] nonce = new byte[32];
    nonce[0] = 7;
    write(out, new WireMessage.Hello(CHAIN_ID, GENESIS, nonce));
    WireMessage.Hello hello = (WireMessage.Hello) read(in);
    write(out, new WireMessage.Auth(Secp256k1.sign(
        PeerNetwork.authDigest(CHAIN_ID, GENESIS, hello.nonce()), key.privateKey())));
    WireMessage.Auth auth = (WireMessage.Auth) read(in);
    assertThat(auth.signature()).isNotNull();
  }

  private static void write(DataOutputStream out, WireMessage m) throws IOException {
    byte[] frame = WireCodec.encode(m);
    out.writeInt(frame.length);
    out.write(frame);
    out.flush();
  }

  private static WireMessage read(DataInputStream in) throws Exception {
    byte[] frame = new byte[in.readInt()];
    in.readFully(frame);
    return WireCodec.decode(frame);
  }

  /** Reads until the peer closes; status frames sent meanwhile are skipped. */
  private static boolean closedByPeer(DataInputStream in) {
    try {
      while (true) {
        read(in);
      }
    } catch (EOFException | java.net.SocketException e) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static PeerNetwork network(Secp256k1.KeyPair self, int port, Secp256k1.KeyPair peer,
      int peerPort, List<WireMessage> received) {
    ValidatorConfig config = new ValidatorConfig(self, "127.0.0.1", port,
        List.of(new ValidatorConfig.Peer(peer.address(), "127.0.0.1", peerPort)),
        List.of(new Validator(self.address(), 1), new Validator(peer.address(), 1)),
        Timeouts.DEFAULT, 0);
    return new PeerNetwork(config, CHAIN_ID, GENESIS, 60_000, new PeerNetwork.Handler() {
      @Override
      public void onConnected(Address p) {}

      @Override
      public void onMessage(Address p, WireMessage m) {
        received.add(m);
      }
    });
  }

  private static Secp256k1.KeyPair key(int i) {
    return Secp256k1.KeyPair.fromPrivateKey(BigInteger.valueOf(90_000 + i));
  }
}
