use std::time::Duration;

use futures_util::FutureExt;

use super::*;

#[tokio::test]
async fn items_arrive_in_order_and_in_batches() {
    let (sender, mut receiver) = bounded(8);
    for item in 0..5 {
        sender.send(item).await.unwrap();
    }
    let mut batch = Vec::new();
    assert_eq!(receiver.recv_many(&mut batch, 3).await, 3);
    assert_eq!(receiver.recv_many(&mut batch, 10).await, 2);
    assert_eq!(batch, [0, 1, 2, 3, 4]);
}

#[tokio::test]
async fn a_full_queue_makes_senders_wait_until_the_receiver_takes() {
    let (sender, mut receiver) = bounded(2);
    sender.send(1).await.unwrap();
    assert_eq!(sender.try_send(2), Ok(()));
    assert_eq!(sender.try_send(3), Err(TrySendError::Full(3)));
    let mut third = Box::pin(sender.send(3));
    assert!((&mut third).now_or_never().is_none(), "no room: must wait");
    assert_eq!(receiver.try_recv(), Ok(1));
    third.await.unwrap();
    let mut batch = Vec::new();
    receiver.recv_many(&mut batch, 10).await;
    assert_eq!(batch, [2, 3]);
}

#[tokio::test]
async fn storage_starts_empty_and_grows_with_use() {
    let (sender, receiver) = bounded::<[u8; 256]>(1024);
    assert_eq!(receiver.shared.lock().items.capacity(), 0);
    sender.send([0; 256]).await.unwrap();
    assert!(receiver.shared.lock().items.capacity() >= 1);
}

#[tokio::test]
async fn the_receiver_sees_the_end_once_every_sender_is_gone() {
    let (sender, mut receiver) = bounded(4);
    let second = sender.clone();
    sender.send("a").await.unwrap();
    drop(sender);
    assert!(!receiver.is_closed(), "one sender is left");
    let waiter = tokio::spawn(async move {
        let mut batch = Vec::new();
        let first = receiver.recv_many(&mut batch, 4).await;
        let second = receiver.recv_many(&mut batch, 4).await;
        (first, second, batch)
    });
    tokio::time::sleep(Duration::from_millis(20)).await;
    drop(second);
    let (first, second, batch) =
        tokio::time::timeout(Duration::from_secs(5), waiter).await.unwrap().unwrap();
    assert_eq!((first, second, batch), (1, 0, vec!["a"]));
}

#[tokio::test]
async fn closing_fails_waiting_senders_and_keeps_what_was_queued() {
    let (sender, mut receiver) = bounded(1);
    sender.send(1).await.unwrap();
    let waiting = tokio::spawn({
        let sender = sender.clone();
        async move { sender.send(2).await }
    });
    tokio::time::sleep(Duration::from_millis(20)).await;
    receiver.close();
    assert_eq!(waiting.await.unwrap(), Err(Closed(2)));
    assert!(sender.is_closed());
    assert_eq!(sender.try_send(3), Err(TrySendError::Closed(3)));
    assert_eq!(receiver.try_recv(), Ok(1));
    assert_eq!(receiver.try_recv(), Err(TryRecvError::Disconnected));
}

#[tokio::test]
async fn dropping_the_receiver_drops_queued_items_and_wakes_closed() {
    let (sender, receiver) = bounded(4);
    let (done, outcome) = tokio::sync::oneshot::channel::<()>();
    sender.send(done).await.unwrap();
    let closed = tokio::spawn({
        let sender = sender.clone();
        async move { sender.closed().await }
    });
    tokio::time::sleep(Duration::from_millis(20)).await;
    drop(receiver);
    tokio::time::timeout(Duration::from_secs(5), closed).await.unwrap().unwrap();
    // The queued completion was dropped with the receiver, not kept alive
    // by the remaining sender.
    assert!(outcome.await.is_err());
    assert!(sender.send(tokio::sync::oneshot::channel().0).await.is_err());
}

#[tokio::test]
async fn an_unused_permit_gives_its_room_back() {
    let (sender, mut receiver) = bounded(1);
    let permit = sender.reserve().await.unwrap();
    assert!(matches!(sender.try_send(1), Err(TrySendError::Full(1))));
    drop(permit);
    sender.reserve().await.unwrap().send(2);
    assert_eq!(receiver.recv().await, Some(2));
}

#[tokio::test]
async fn a_cancelled_receive_loses_no_wake_up() {
    let (sender, mut receiver) = bounded(4);
    let mut batch = Vec::new();
    // Start waiting, then give up before anything arrives.
    assert!(receiver.recv_many(&mut batch, 4).now_or_never().is_none());
    let producer = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(20)).await;
        sender.send(7).await.unwrap();
        sender
    });
    let count = tokio::time::timeout(Duration::from_secs(5), receiver.recv_many(&mut batch, 4))
        .await
        .expect("woken by the send");
    assert_eq!((count, batch), (1, vec![7]));
    drop(producer.await.unwrap());
}
